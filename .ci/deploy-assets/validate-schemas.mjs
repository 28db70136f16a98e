// Schema checks of the deployment assets, offline (run by .ci/check-deploy-assets from the repository root):
//   azure.yaml                       schemas/azure.yaml.schema.json (strict subset of azd's schema v1.0)
//   .devcontainer/devcontainer.json  schemas/devcontainer.schema.json (strict subset of the Dev Container spec)
//   .github/workflows/*.yml          @action-validator/core, which checks workflows against SchemaStore's
//                                    github-workflow schema (compiled into its WebAssembly module)
// With OFFICIAL_SCHEMAS_DIR set to a folder holding the publishers' own schemas (azure.yaml.json,
// devContainer.base.schema.json, github-workflow.json, as ci.yml downloads them, pinned), each file is also
// checked against them. Prints one line per check and exits 1 if any failed.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const require = createRequire(import.meta.url);
const actionValidator = require('@action-validator/core');
const draft7MetaSchema = require('ajv/dist/refs/json-schema-draft-07.json');

const here = new URL('.', import.meta.url).pathname;
let passed = 0;
let failed = 0;

function report(ok, what, errors = []) {
  if (ok) {
    passed += 1;
    console.log(`ok    ${what}`);
  } else {
    failed += 1;
    console.log(`FAIL  ${what}`);
    for (const e of errors) console.log(`        ${e}`);
  }
}

function readYaml(path) {
  // YAML 1.2 (the `yaml` package's default), as GitHub and azd read these files: `on` stays a string key.
  const doc = parseYaml(readFileSync(path, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  return doc;
}

function ajvErrors(validate) {
  return (validate.errors || []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}

function checkWithSchema(ajv, schemaPath, data, what) {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const validate = ajv.compile(schema);
  report(validate(data), what, ajvErrors(validate));
}

const strictAjv = () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv;
};

// ---------------------------------------------------------------- azure.yaml
const azureYaml = readYaml('azure.yaml');
checkWithSchema(strictAjv(), join(here, 'schemas/azure.yaml.schema.json'), azureYaml,
  'azure.yaml against schemas/azure.yaml.schema.json');

// ------------------------------------------------------------ dev container
const devcontainerText = readFileSync('.devcontainer/devcontainer.json', 'utf8');
let devcontainer;
try {
  // Plain JSON (no comments, no trailing commas), so any JSON tool reads it.
  devcontainer = JSON.parse(devcontainerText);
} catch (e) {
  report(false, '.devcontainer/devcontainer.json is plain JSON', [String(e)]);
}
if (devcontainer) {
  checkWithSchema(strictAjv(), join(here, 'schemas/devcontainer.schema.json'), devcontainer,
    '.devcontainer/devcontainer.json against schemas/devcontainer.schema.json');
}

// ----------------------------------------------------------------- workflows
const workflowDir = '.github/workflows';
const workflows = readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f)).sort();
if (workflows.length === 0) report(false, 'workflows exist', [`no .yml file in ${workflowDir}`]);
for (const file of workflows) {
  const path = join(workflowDir, file);
  const state = actionValidator.validateWorkflow(readFileSync(path, 'utf8'));
  report(state.errors.length === 0, `${path} against SchemaStore's github-workflow schema (@action-validator/core)`,
    state.errors.map((e) => JSON.stringify(e)));
}

// ------------------------------------------- the publishers' own schemas, when given
const official = process.env.OFFICIAL_SCHEMAS_DIR;
if (official) {
  const need = ['azure.yaml.json', 'devContainer.base.schema.json', 'github-workflow.json'];
  const missing = need.filter((f) => !existsSync(join(official, f)));
  report(missing.length === 0, `OFFICIAL_SCHEMAS_DIR=${official} holds ${need.join(', ')}`, missing.map((m) => `missing ${m}`));
  if (missing.length === 0) {
    // azd's schema (draft 2019-09) refers by URL to the schemas of azd extensions (AI hosts this repository does
    // not use); they are replaced by an empty, permissive schema. Unknown keywords are allowed (strict: false).
    const azd = new Ajv2019({
      allErrors: true,
      strict: false,
      loadSchema: async () => ({}),
    });
    azd.addMetaSchema(draft7MetaSchema);
    addFormats(azd);
    const azdValidate = await azd.compileAsync(JSON.parse(readFileSync(join(official, 'azure.yaml.json'), 'utf8')));
    report(azdValidate(azureYaml), "azure.yaml against azd's own schema v1.0", ajvErrors(azdValidate));

    // The Dev Container spec's schema (draft 2019-09) uses its own keywords (allowComments, allowTrailingCommas).
    const spec = new Ajv2019({ allErrors: true, strict: false });
    addFormats(spec);
    if (devcontainer) {
      checkWithSchema(spec, join(official, 'devContainer.base.schema.json'), devcontainer,
        '.devcontainer/devcontainer.json against the Dev Container spec\'s own schema');
    }

    const gh = new Ajv({ allErrors: true, strict: false });
    addFormats(gh);
    const ghValidate = gh.compile(JSON.parse(readFileSync(join(official, 'github-workflow.json'), 'utf8')));
    for (const file of workflows) {
      const path = join(workflowDir, file);
      report(ghValidate(readYaml(path)), `${path} against SchemaStore's github-workflow.json`, ajvErrors(ghValidate));
    }
  }
}

console.log(`schemas: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
