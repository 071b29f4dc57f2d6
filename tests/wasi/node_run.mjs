// node_run.mjs — run a WASI command under node:wasi with wrr-like options,
// the reference runner for tests/wasi/run.sh and tests/yosys/run.sh:
//   node --no-warnings --single-threaded-gc node_run.mjs \
//        [--dir HOST[::GUEST]] [--env NAME[=VALUE]] MODULE [ARGS...]
// stdio is inherited; the exit status is the guest's (134 on a trap).
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length; i++) {
	const a = argv[i];
	if (a === '--') { i++; break; }
	if (!a.startsWith('--')) break;
	const v = argv[++i];
	if (a === '--dir' || a === '--dir-ro') {
		const [host, guest] = v.includes('::') ? v.split('::') : [v, v];
		preopens[guest] = host;
	} else if (a === '--env') {
		const eq = v.indexOf('=');
		if (eq >= 0) env[v.slice(0, eq)] = v.slice(eq + 1);
		else if (process.env[v] !== undefined) env[v] = process.env[v];
	} else {
		console.error(`node_run: unknown option ${a}`);
		process.exit(2);
	}
}
const path = argv[i];
const wasi = new WASI({
	version: 'preview1',
	args: argv.slice(i),
	env,
	preopens,
	returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(path));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
let code;
try {
	code = wasi.start(instance);
} catch (e) {
	console.error(`wasm trap: ${e.message}`);
	code = 134;
}
process.exitCode = code;
