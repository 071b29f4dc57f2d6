// share.mjs — writes the @yowasp/yosys resource tree (what the package's
// JS mounts at /share in its virtual filesystem: gen/resources-yosys.js,
// strings inline, larger files as URLs into gen/) to a host directory, so
// that `wrr run --dir DIR::/share` and node:wasi see the same files.
//   node share.mjs PACKAGE_DIR OUT_DIR
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [pkg, out] = process.argv.slice(2);
const res = await import(pathToFileURL(join(pkg, 'gen', 'resources-yosys.js')));

function write(tree, dir) {
	mkdirSync(dir, { recursive: true });
	for (const [name, value] of Object.entries(tree)) {
		const path = join(dir, name);
		if (typeof value === 'string' || value instanceof Uint8Array)
			writeFileSync(path, value);
		else if (value instanceof URL)
			copyFileSync(fileURLToPath(value), path);
		else
			write(value, path);
	}
}
write(res.filesystem.share, out);
