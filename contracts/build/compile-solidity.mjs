// Compiles every Solidity source under a folder with solcjs (standard JSON) and writes one
// artifact per deployable contract: { contractName, sourceName, abi, bytecode, deployedBytecode }.
// Usage: node compile-solidity.mjs <sourceDir> <outputDir> <nodeModulesDir> <evmVersion>
// Compiler warnings fail the build, like C# warnings do in this repository.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [sourceDir, outputDir, nodeModulesDir, evmVersion] = process.argv.slice(2).map((a, i) => (i < 3 ? path.resolve(a) : a));
if (!sourceDir || !outputDir || !nodeModulesDir || !evmVersion) {
  console.error("usage: node compile-solidity.mjs <sourceDir> <outputDir> <nodeModulesDir> <evmVersion>");
  process.exit(2);
}

const require = createRequire(path.join(nodeModulesDir, "noop.js"));
const solc = require("solc");

function listSolidity(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSolidity(full);
    return entry.name.endsWith(".sol") ? [full] : [];
  });
}

const toUnitName = (file) => path.relative(sourceDir, file).split(path.sep).join("/");
const files = listSolidity(sourceDir).sort();
const sources = Object.fromEntries(files.map((file) => [toUnitName(file), { content: fs.readFileSync(file, "utf8") }]));

const input = {
  language: "Solidity",
  sources,
  settings: {
    evmVersion,
    optimizer: { enabled: true, runs: 200 },
    viaIR: true,
    metadata: { appendCBOR: false },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};

function findImports(importPath) {
  const candidates = [path.join(sourceDir, importPath), path.join(nodeModulesDir, importPath)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  return found ? { contents: fs.readFileSync(found, "utf8") } : { error: `import not found: ${importPath}` };
}

function locate(diagnostic) {
  const location = diagnostic.sourceLocation;
  if (!location || !sources[location.file]) return "solc";
  const before = sources[location.file].content.slice(0, Math.max(0, location.start));
  const lines = before.split("\n");
  const file = path.join(sourceDir, ...location.file.split("/"));
  return `${file}(${lines.length},${lines[lines.length - 1].length + 1})`;
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const diagnostics = output.errors ?? [];
for (const diagnostic of diagnostics) {
  const code = diagnostic.errorCode ? `SOLC${diagnostic.errorCode}` : "SOLC";
  console.error(`${locate(diagnostic)}: error ${code}: ${diagnostic.type}: ${diagnostic.message}`);
}
if (diagnostics.length > 0) process.exit(1);

fs.rmSync(outputDir, { recursive: true, force: true });
fs.mkdirSync(outputDir, { recursive: true });
let written = 0;
for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
  if (!sources[sourceName]) continue;
  for (const [contractName, compiled] of Object.entries(contracts)) {
    const bytecode = compiled.evm.bytecode.object;
    if (!bytecode) continue;
    const artifact = {
      contractName,
      sourceName,
      compiler: solc.version(),
      evmVersion,
      abi: compiled.abi,
      bytecode: `0x${bytecode}`,
      deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
    };
    fs.writeFileSync(path.join(outputDir, `${contractName}.json`), JSON.stringify(artifact, null, 2) + "\n");
    written++;
  }
}
console.log(`solc ${solc.version()}: compiled ${files.length} sources into ${written} contract artifacts (evm ${evmVersion})`);
