// Names that must agree across the deployment assets, offline (run by .ci/check-deploy-assets from the repository
// root). There is no Bicep compiler here, so the Bicep files are read line by line; that relies on their layout as
// `bicep format` writes it (declarations at the start of a line, two spaces per level), which every file in deploy/
// follows.
//
//   Bicep       each module's path exists; the params a module call passes are params of that module, and every
//               module param without a default is passed; every <module>.outputs.<name> is an output of it.
//   Parameters  main.parameters.json (azd provision), app.parameters.json (azd deploy) and deploy.parameters.json
//               (deploy.sh) name only params of their template and give every param without a default; values
//               azd passes unconverted (app.parameters.json) go only to string params.
//   azd names   every ${NAME} in the parameters files, and every AZURE_*/APP_*/SERVICE_* name the hooks read, is
//               something azd sets, an output of main.bicep or app.bicep, a hook's `azd env set`, or a setting in
//               docs/deployment.md's table; no output of main.bicep is also an input of main.parameters.json.
//   azure.yaml  infra and service modules, Dockerfile and hook scripts exist (hooks executable, bash); the service
//               name is app.bicep's azd-service-name tag and SERVICE_<NAME>_IMAGE_NAME in app.parameters.json;
//               pipeline.variables are settings; deploy.yml passes them and installs an azd that requiredVersions
//               allows.
//   deploy.sh   the outputs it reads and the params it sets exist.
//   The app     no Application Insights connection string or key, and no OTLP endpoint, in the container app's
//               settings (the environment's agent has the one and injects the other); every setting it gets is in
//               deploy/README.md.
//   Pins        every action in .github/workflows is pinned to a 40-hex commit with its release named beside it;
//               every dev container feature to an exact version.
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, normalize } from 'node:path';
import { parse as parseYaml } from 'yaml';

let passed = 0;
let failed = 0;
function check(what, problems) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok    ${what}`);
  } else {
    failed += 1;
    console.log(`FAIL  ${what}`);
    for (const p of problems) console.log(`        ${p}`);
  }
}
const read = (p) => readFileSync(p, 'utf8');
const json = (p) => JSON.parse(read(p));

// ------------------------------------------------------------------ Bicep reader
// Removes // and /* */ comments outside strings; keeps line breaks, so line numbers stay.
function stripComments(src) {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === "'") inString = false;
      i += 1;
    } else if (c === "'") {
      inString = true;
      out += c;
      i += 1;
    } else if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i += 1;
    } else if (c === '/' && next === '*') {
      i += 2;
      while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) {
        if (src[i] === '\n') out += '\n';
        i += 1;
      }
      i += 2;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

const bicepCache = new Map();
function readBicep(path) {
  const key = normalize(path);
  if (bicepCache.has(key)) return bicepCache.get(key);
  const lines = stripComments(read(path)).split('\n');
  const params = new Map(); // name -> { type, hasDefault, allowed }
  const outputs = new Map(); // name -> expression
  const modules = []; // { symbol, path, params: Set, line }
  let pendingAllowed = null;
  for (let n = 0; n < lines.length; n += 1) {
    const line = lines[n];
    if (/^@allowed\(\[/.test(line)) {
      pendingAllowed = [];
      for (let k = n + 1; k < lines.length && !/^\]\)/.test(lines[k]); k += 1) {
        const m = lines[k].match(/^\s+'([^']*)'/);
        if (m) pendingAllowed.push(m[1]);
      }
      continue;
    }
    let m = line.match(/^param\s+(\w+)\s+(\w+)(\s*=)?/);
    if (m) {
      params.set(m[1], { type: m[2], hasDefault: Boolean(m[3]), allowed: pendingAllowed });
      pendingAllowed = null;
      continue;
    }
    m = line.match(/^output\s+(\w+)\s+\w+\s*=\s*(.*)$/);
    if (m) {
      outputs.set(m[1], m[2]);
      continue;
    }
    m = line.match(/^module\s+(\w+)\s+'([^']+)'\s*=/);
    if (m) {
      const mod = { symbol: m[1], path: join(dirname(path), m[2]), params: new Set(), line: n + 1 };
      // The params block: `  params: {` then `    name: value` lines until the `  }` that closes it.
      let k = n + 1;
      while (k < lines.length && !/^}/.test(lines[k]) && !/^ {2}params:\s*{/.test(lines[k])) k += 1;
      if (k < lines.length && /^ {2}params:\s*{/.test(lines[k])) {
        for (k += 1; k < lines.length && !/^ {2}}/.test(lines[k]); k += 1) {
          const p = lines[k].match(/^ {4}(\w+)\s*:/);
          if (p) mod.params.add(p[1]);
        }
      }
      modules.push(mod);
    }
  }
  const text = lines.join('\n');
  const info = { path, params, outputs, modules, text };
  bicepCache.set(key, info);
  return info;
}

// ------------------------------------------------------------- Bicep: modules
function checkModules(path, seen = new Set()) {
  if (seen.has(normalize(path))) return;
  seen.add(normalize(path));
  const file = readBicep(path);
  const problems = [];
  for (const mod of file.modules) {
    if (!existsSync(mod.path)) {
      problems.push(`line ${mod.line}: module ${mod.symbol}: ${mod.path} does not exist`);
      continue;
    }
    const target = readBicep(mod.path);
    for (const p of mod.params) {
      if (!target.params.has(p)) problems.push(`module ${mod.symbol}: '${p}' is not a param of ${mod.path}`);
    }
    for (const [name, info] of target.params) {
      if (!info.hasDefault && !mod.params.has(name)) problems.push(`module ${mod.symbol}: required param '${name}' of ${mod.path} not passed`);
    }
    for (const ref of file.text.matchAll(new RegExp(`\\b${mod.symbol}\\.outputs\\.(\\w+)`, 'g'))) {
      if (!target.outputs.has(ref[1])) problems.push(`${mod.symbol}.outputs.${ref[1]}: no such output in ${mod.path}`);
    }
  }
  check(`${path}: module calls match the modules' params and outputs`, problems);
  for (const mod of file.modules) if (existsSync(mod.path)) checkModules(mod.path, seen);
}
checkModules('deploy/main.bicep');

const main = readBicep('deploy/main.bicep');
const app = readBicep('deploy/app.bicep');

// ------------------------------------------------------------ parameter files
function envRefs(text) {
  // ${NAME}, ${NAME=default} (drone/envsubst, as azd evaluates parameters files)
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])([^}]*))?\}/g)].map((m) => ({ name: m[1], fallback: m[3] }));
}
function checkParameterFile(paramPath, template, { stringsOnly }) {
  const problems = [];
  const file = json(paramPath);
  if (!file.parameters || typeof file.parameters !== 'object') problems.push('no "parameters" object');
  const given = file.parameters || {};
  for (const [name, entry] of Object.entries(given)) {
    const param = template.params.get(name);
    if (!param) {
      problems.push(`'${name}' is not a param of ${template.path}`);
      continue;
    }
    if (!entry || !('value' in entry)) problems.push(`'${name}' has no value`);
    const value = entry.value;
    if (typeof value === 'string') {
      const refs = envRefs(value);
      if (refs.length > 0 && stringsOnly && param.type !== 'string') {
        problems.push(`'${name}' (${param.type}) gets a string: azd passes a revision module's parameters unconverted`);
      }
      // The fallback azd uses when the variable is unset must fit the param.
      for (const r of refs) {
        if (r.fallback === undefined) continue;
        if (param.type === 'int' && !/^-?\d+$/.test(r.fallback)) problems.push(`'${name}': default '${r.fallback}' is not an int`);
        if (param.type === 'bool' && !/^(true|false)$/.test(r.fallback)) problems.push(`'${name}': default '${r.fallback}' is not a bool`);
        if (param.allowed && !param.allowed.includes(r.fallback)) problems.push(`'${name}': default '${r.fallback}' not in @allowed ${JSON.stringify(param.allowed)}`);
      }
    }
  }
  for (const [name, info] of template.params) {
    if (!info.hasDefault && !(name in given)) problems.push(`required param '${name}' of ${template.path} missing`);
  }
  check(`${paramPath}: names the params of ${template.path}`, problems);
  return file;
}
checkParameterFile('deploy/main.parameters.json', main, { stringsOnly: false });
checkParameterFile('deploy/app.parameters.json', app, { stringsOnly: true });
checkParameterFile('deploy/deploy.parameters.json', main, { stringsOnly: false });

// ------------------------------------------------------------------- azd names
const azureYaml = parseYaml(read('azure.yaml'));
const serviceNames = Object.keys(azureYaml.services || {});
const envKey = (name) => name.toUpperCase().replace(/\s/g, '_').replace(/-/g, '_'); // azd's environment.Key
// Set by azd itself (environment, subscription, sign-in) or, per service, after publishing the image.
const azdSets = new Set([
  'AZURE_ENV_NAME', 'AZURE_LOCATION', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_TENANT_ID',
  'AZURE_PRINCIPAL_ID', 'AZURE_PRINCIPAL_TYPE',
  ...serviceNames.flatMap((s) => [`SERVICE_${envKey(s)}_IMAGE_NAME`, `SERVICE_${envKey(s)}_RESOURCE_EXISTS`]),
]);
const mainOutputs = new Set(main.outputs.keys());
const appOutputs = new Set(app.outputs.keys());

// The settings a person may set (docs/deployment.md, table "Settings": names in backticks in the first column).
const docs = existsSync('docs/deployment.md') ? read('docs/deployment.md') : '';
const settings = new Set();
{
  const section = docs.split(/^## /m).find((s) => /^Settings\b/.test(s)) || '';
  for (const row of section.matchAll(/^\|([^|\n]*)\|/gm)) {
    for (const m of row[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)) settings.add(m[1]);
  }
}
check('docs/deployment.md has a "Settings" table', settings.size > 0 ? [] : ['no "## Settings" section with a table of `NAME`s']);

// Hooks' `azd env set [--environment X] NAME value`.
const hookFiles = [];
const collectHook = (h) => {
  if (h && typeof h.run === 'string') hookFiles.push(h.run);
};
Object.values(azureYaml.hooks || {}).forEach(collectHook);
for (const s of Object.values(azureYaml.services || {})) Object.values(s.hooks || {}).forEach(collectHook);
const hookSets = new Set();
for (const f of hookFiles) {
  if (!existsSync(f)) continue;
  for (const m of read(f).matchAll(/azd env set(?:\s+--environment\s+\S+)?\s+([A-Z][A-Z0-9_]*)\b/g)) hookSets.add(m[1]);
}

const mainParams = json('deploy/main.parameters.json');
const appParams = json('deploy/app.parameters.json');
{
  const problems = [];
  for (const r of envRefs(JSON.stringify(mainParams))) {
    if (mainOutputs.has(r.name)) problems.push(`\${${r.name}} is also an output of main.bicep: provision would feed its own output back`);
    else if (!azdSets.has(r.name) && !settings.has(r.name)) problems.push(`\${${r.name}} is neither set by azd nor a setting in docs/deployment.md`);
  }
  check('deploy/main.parameters.json: every ${NAME} is set by azd or is a documented setting', problems);
}
{
  const problems = [];
  for (const r of envRefs(JSON.stringify(appParams))) {
    const known = azdSets.has(r.name) || mainOutputs.has(r.name) || hookSets.has(r.name) || settings.has(r.name);
    if (!known) problems.push(`\${${r.name}}: not set by azd, not an output of main.bicep, not set by a hook, not a setting`);
    if (appOutputs.has(r.name)) problems.push(`\${${r.name}} is also an output of app.bicep`);
  }
  check('deploy/app.parameters.json: every ${NAME} is an output of main.bicep, set by azd or a hook, or a setting', problems);
}

// Names the hooks read: ${NAME...} in the scripts, minus the ones they assign and bash's own.
const shellNames = new Set(['BASH_SOURCE', 'BASH_VERSION', 'SECONDS', 'HOME', 'PATH', 'PWD', 'RANDOM', 'IFS', 'TMPDIR']);
{
  const problems = [];
  for (const f of hookFiles) {
    if (!existsSync(f)) continue;
    const src = read(f);
    const assigned = new Set([...src.matchAll(/^\s*(?:local\s+|export\s+)?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    for (const m of src.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
      const name = m[1];
      if (shellNames.has(name)) continue;
      const known = azdSets.has(name) || mainOutputs.has(name) || appOutputs.has(name) || hookSets.has(name) || settings.has(name);
      if (/^(AZURE|APP|SERVICE)_/.test(name)) {
        if (!known) problems.push(`${f}: reads ${name}, which neither azd, main.bicep, app.bicep nor a hook sets`);
      } else if (!known && !assigned.has(name)) {
        problems.push(`${f}: reads ${name}, which it does not assign and docs/deployment.md does not list`);
      }
    }
  }
  check('hooks read only names that azd, the templates or the settings provide', problems);
}

// ------------------------------------------------------------------ azure.yaml
{
  const problems = [];
  const infra = azureYaml.infra || {};
  const infraPath = infra.path || 'infra';
  const infraModule = infra.module || 'main';
  for (const f of [`${infraModule}.bicep`, `${infraModule}.parameters.json`]) {
    if (!existsSync(join(infraPath, f))) problems.push(`infra: ${join(infraPath, f)} does not exist`);
  }
  if (normalize(join(infraPath, `${infraModule}.bicep`)) !== normalize('deploy/main.bicep')) problems.push('infra must be deploy/main.bicep, the template deploy.sh deploys');
  for (const [name, s] of Object.entries(azureYaml.services || {})) {
    const module = s.module || name;
    for (const f of [`${module}.bicep`, `${module}.parameters.json`]) {
      if (!existsSync(join(infraPath, f))) problems.push(`service ${name}: revision module ${join(infraPath, f)} does not exist`);
    }
    const project = s.project || '.';
    if (s.docker && s.docker.path && !existsSync(join(project, s.docker.path))) problems.push(`service ${name}: ${join(project, s.docker.path)} does not exist`);
    const revision = existsSync(join(infraPath, `${module}.bicep`)) ? readBicep(join(infraPath, `${module}.bicep`)).text : '';
    if (!new RegExp(`'azd-service-name':\\s*'${name}'`).test(revision)) problems.push(`service ${name}: ${module}.bicep does not tag its app 'azd-service-name': '${name}'`);
    const imageVar = `SERVICE_${envKey(name)}_IMAGE_NAME`;
    const moduleParams = existsSync(join(infraPath, `${module}.parameters.json`)) ? read(join(infraPath, `${module}.parameters.json`)) : '';
    if (!moduleParams.includes(`\${${imageVar}}`)) problems.push(`service ${name}: ${module}.parameters.json does not pass \${${imageVar}}`);
  }
  for (const f of hookFiles) {
    if (!existsSync(f)) {
      problems.push(`hook ${f} does not exist`);
      continue;
    }
    if (!(statSync(f).mode & 0o111)) problems.push(`hook ${f} is not executable (azd runs it by its path)`);
    if (!read(f).startsWith('#!/usr/bin/env bash\n')) problems.push(`hook ${f} does not start with #!/usr/bin/env bash`);
  }
  for (const v of (azureYaml.pipeline && azureYaml.pipeline.variables) || []) {
    if (!settings.has(v) && !azdSets.has(v)) problems.push(`pipeline.variables: ${v} is not a setting in docs/deployment.md`);
  }
  check('azure.yaml: modules, Dockerfile, hooks and the service name agree with deploy/', problems);
}

// ------------------------------------------------------------------ deploy.yml
{
  const problems = [];
  const wf = parseYaml(read('.github/workflows/deploy.yml'));
  const jobs = Object.values(wf.jobs || {});
  const env = Object.assign({}, wf.env || {}, ...jobs.map((j) => j.env || {}));
  const required = ['AZURE_ENV_NAME', 'AZURE_LOCATION', 'AZURE_SUBSCRIPTION_ID', ...((azureYaml.pipeline && azureYaml.pipeline.variables) || [])];
  for (const v of required) {
    if (!(v in env)) problems.push(`deploy.yml does not pass ${v} to azd`);
    else if (env[v] !== `\${{ vars.${v} }}`) problems.push(`deploy.yml: ${v} should come from the repository variable vars.${v}`);
  }
  const steps = jobs.flatMap((j) => j.steps || []);
  const azdStep = steps.find((s) => typeof s.uses === 'string' && /^azure\/setup-azd@/i.test(s.uses));
  const version = azdStep && azdStep.with && String(azdStep.with.version || '');
  const wanted = (azureYaml.requiredVersions && azureYaml.requiredVersions.azd) || '';
  const cmp = (a, b) => {
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < 3; i += 1) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
  };
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) problems.push('deploy.yml installs no exact azd version (Azure/setup-azd with: version: x.y.z)');
  else {
    const m = wanted.match(/^>=\s*(\d+\.\d+\.\d+)$/);
    if (m && cmp(version, m[1]) < 0) problems.push(`deploy.yml installs azd ${version}, below azure.yaml's requiredVersions ${wanted}`);
  }
  if (!steps.some((s) => typeof s.uses === 'string' && /^azure\/login@/i.test(s.uses) && s.with && s.with['client-id'] && !s.with.creds)) {
    problems.push('deploy.yml does not sign in with azure/login and a client-id (OIDC)');
  }
  if (!wf.permissions || wf.permissions['id-token'] !== 'write') problems.push("deploy.yml lacks permissions: id-token: write (OIDC)");
  if (/secrets\./.test(read('.github/workflows/deploy.yml'))) problems.push('deploy.yml reads a secret: it needs none');
  check('.github/workflows/deploy.yml: azd variables, azd version, OIDC sign-in, no secret', problems);
}

// -------------------------------------------------------------------- deploy.sh
{
  const problems = [];
  const src = read('deploy/deploy.sh');
  for (const m of src.matchAll(/output_of\s+"\$\{(\w+)\}"\s+(\w+)/g)) {
    const [, deployment, name] = m;
    const outputs = deployment === 'REVISION_DEPLOYMENT' ? appOutputs : mainOutputs;
    if (!outputs.has(name)) problems.push(`output_of ${deployment} ${name}: no such output in ${deployment === 'REVISION_DEPLOYMENT' ? 'app' : 'main'}.bicep`);
  }
  for (const m of src.matchAll(/^\s+"(\w+)=\$/gm)) {
    if (!main.params.has(m[1])) problems.push(`deploy.sh sets '${m[1]}', which is not a param of main.bicep`);
  }
  if (!/REVISION_DEPLOYMENT="integrated-auth-revision"/.test(src) || !/name: 'integrated-auth-revision'/.test(main.text)) {
    problems.push("deploy.sh's REVISION_DEPLOYMENT and main.bicep's app module name differ");
  }
  check('deploy/deploy.sh: the outputs it reads and the params it sets exist', problems);
}

// ----------------------------------------------------------------------- the app
{
  const problems = [];
  const containerApp = read('deploy/modules/container-app.bicep');
  const names = [...containerApp.matchAll(/^\s+name:\s*'([A-Z][A-Z0-9_]*)'/gm)].map((m) => m[1]);
  const forbidden = /^(APPLICATIONINSIGHTS_|APPINSIGHTS_|OTEL_EXPORTER_OTLP_)/;
  const readme = read('deploy/README.md');
  for (const n of names) {
    if (forbidden.test(n)) problems.push(`container-app.bicep sets ${n}: the environment's OpenTelemetry agent owns it`);
    if (!readme.includes(`\`${n}\``)) problems.push(`container-app.bicep sets ${n}, which deploy/README.md does not list`);
  }
  if (names.length === 0) problems.push('no environment variable found in container-app.bicep');
  for (const [file, info] of [['main.bicep', main], ['app.bicep', app]]) {
    for (const [name, expr] of info.outputs) {
      if (/ConnectionString|InstrumentationKey|listKeys|thirdPartyApiKey|secretValue|keyValue/i.test(expr)) problems.push(`${file}: output ${name} may carry a secret (${expr})`);
    }
  }
  check("container app settings: no connection string, key or OTLP endpoint; all documented; no secret output", problems);
}

// ------------------------------------------------------------------------ pins
{
  const problems = [];
  for (const f of readdirSync('.github/workflows').filter((x) => /\.ya?ml$/.test(x))) {
    for (const line of read(join('.github/workflows', f)).split('\n')) {
      const m = line.match(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/);
      if (!m) continue;
      if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(m[1])) problems.push(`${f}: ${m[1]} is not pinned to a full commit SHA`);
      if (!/#\s*v\d+\.\d+\.\d+\s*$/.test(m[2])) problems.push(`${f}: ${m[1]} does not name its release (# vX.Y.Z)`);
    }
  }
  const dc = json('.devcontainer/devcontainer.json');
  for (const ref of Object.keys(dc.features || {})) {
    if (!/:\d+\.\d+\.\d+$/.test(ref)) problems.push(`devcontainer.json: feature ${ref} is not pinned to an exact version`);
  }
  check('actions pinned to commits, dev container features to exact versions', problems);
}

console.log(`names: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
