// node_run.mjs — runs a WASI preview1 module under node:wasi, the reference
// engine for bench/run.sh (V8's optimizing JIT).
//
// usage: node --single-threaded-gc --no-warnings bench/node_run.mjs \
//            [--dir HOST::GUEST]... [--memsize-out FILE] MODULE.wasm [ARGS...]
//
// The guest sees argv = [MODULE.wasm, ARGS...], an empty environment and the
// given preopened directories. The process exits with the guest's exit code.
// With --memsize-out, the final size of the exported linear memory (bytes)
// is written to FILE after the guest returns or calls proc_exit.
import { WASI } from 'node:wasi';
import { readFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const preopens = {};
let memsizeOut = null;
while (argv.length > 0 && argv[0].startsWith('--')) {
	const flag = argv.shift();
	if (flag === '--dir') {
		const [host, guest] = argv.shift().split('::');
		preopens[guest ?? host] = host;
	} else if (flag === '--memsize-out') {
		memsizeOut = argv.shift();
	} else {
		console.error(`node_run.mjs: unknown flag ${flag}`);
		process.exit(2);
	}
}
if (argv.length === 0) {
	console.error('usage: node_run.mjs [--dir HOST::GUEST]... [--memsize-out FILE] MODULE.wasm [ARGS...]');
	process.exit(2);
}

const wasi = new WASI({
	version: 'preview1',
	args: argv,
	env: {},
	preopens,
	returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(argv[0]));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
if (memsizeOut !== null)
	writeFileSync(memsizeOut, `${instance.exports.memory.buffer.byteLength}\n`);
process.exitCode = code;
