// Schema and syntax checks of Chorus's deployment files, run by DeployLintTest (ops/src/test/java/.../deploy).
//
//   node lint.mjs --k8s <manifest.yaml>... [--dockerfile <Dockerfile>]
//
// Each Kubernetes object is validated against the JSON schema of its apiVersion/kind from the Kubernetes OpenAPI
// definitions (kubernetes-models: types, required fields, enumerations, formats). The Dockerfile is checked by
// dockerfile-utils (instructions, their arguments and flags). Prints one line per object or file, "OK ..." or
// "ERROR ...", and exits 1 if anything failed.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import dockerfileUtils from 'dockerfile-utils';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';

/** The kinds the deployment files use; anything else is an error rather than an unchecked pass. */
const MODELS = new Map([
  ['v1/Namespace', Namespace],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/Service', Service],
  ['apps/v1/StatefulSet', StatefulSet],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
  ['networking.k8s.io/v1/Ingress', Ingress],
]);

function lintManifest(file) {
  const problems = [];
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      doc.errors.forEach((e) => problems.push(`${file} document ${index}: YAML: ${e.message}`));
      return;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) return;
    const key = `${object.apiVersion}/${object.kind}`;
    const Model = MODELS.get(key);
    if (!Model) {
      problems.push(`${file} document ${index}: no schema for ${key}`);
      return;
    }
    try {
      new Model(object).validate();
      console.log(`OK ${file} ${key} ${object.metadata?.name}`);
    } catch (e) {
      problems.push(`${file} ${key} ${object.metadata?.name}: ${e.message}`);
    }
  });
  return problems;
}

function lintDockerfile(file) {
  const diagnostics = dockerfileUtils.validate(readFileSync(file, 'utf8'));
  if (diagnostics.length === 0) {
    console.log(`OK ${file} Dockerfile`);
  }
  return diagnostics.map((d) => `${file}:${d.range.start.line + 1}: ${d.message}`);
}

const args = process.argv.slice(2);
const problems = [];
let mode = null;
let files = 0;
for (const arg of args) {
  if (arg === '--k8s' || arg === '--dockerfile') {
    mode = arg;
  } else if (mode === '--k8s') {
    problems.push(...lintManifest(arg));
    files++;
  } else if (mode === '--dockerfile') {
    problems.push(...lintDockerfile(arg));
    files++;
  } else {
    console.error(`usage: node lint.mjs --k8s <file>... [--dockerfile <file>] (unexpected ${arg})`);
    process.exit(2);
  }
}
if (files === 0) {
  console.error('no files given');
  process.exit(2);
}
problems.forEach((p) => console.log(`ERROR ${p}`));
process.exit(problems.length > 0 ? 1 : 0);
