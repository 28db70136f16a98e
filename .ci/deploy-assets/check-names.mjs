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
//   Auth        the app's AUTH_* settings (the contract with src/) are each set once in the container app and come,
//               through app.bicep, from azd values of the same names (app.parameters.json), which a hook sets, and
//               through main.bicep from deploy.sh variables of the same names.
//   Entra       deploy/entra/*.json, the API's registration: single tenant, v2 tokens, the app roles Codes.Issue and
//               Codes.Verify with stable GUIDs and member types, identifier URI api://<appId>, the same delegated
//               scope in both updates, only the Azure CLI pre-authorized, app role assignment required, no
//               credential; lib.sh fills in the placeholders and assigns exactly those roles.
//   Smoke test  every file a Bicep loadTextContent reads exists; the caller script reads only what its job sets (or
//               the platform's identity endpoint) and uses all of it; the steps deploy.sh and the hooks share
//               (configure_api_registration, smoke_test, delete_api_registration) live in lib.sh and both call them.
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
      const mod = { symbol: m[1], path: join(dirname(path), m[2]), params: new Set(), exprs: new Map(), line: n + 1 };
      // The params block: `  params: {` then `    name: value` lines until the `  }` that closes it.
      let k = n + 1;
      while (k < lines.length && !/^}/.test(lines[k]) && !/^ {2}params:\s*{/.test(lines[k])) k += 1;
      if (k < lines.length && /^ {2}params:\s*{/.test(lines[k])) {
        for (k += 1; k < lines.length && !/^ {2}}/.test(lines[k]); k += 1) {
          const p = lines[k].match(/^ {4}(\w+)\s*:\s*(.*)$/);
          if (p) {
            mod.params.add(p[1]);
            mod.exprs.set(p[1], p[2]);
          }
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

// ------------------------------------------------------------------------ auth
// What a Bicep expression refers to: identifiers outside string literals.
const identifiers = (expr) => new Set((expr.replace(/'(?:[^'\\]|\\.)*'/g, "''").match(/\b[A-Za-z_]\w*\b/g) || []));
const moduleCall = (file, target) => file.modules.find((m) => normalize(m.path) === normalize(target));
{
  const problems = [];
  // The contract with the application (issue 28): the settings it reads.
  const contract = ['AUTH_ENABLED', 'AUTH_TENANT_ID', 'AUTH_CLIENT_ID', 'AUTH_APP_ID_URI'];
  const caPath = 'deploy/modules/container-app.bicep';
  const ca = readBicep(caPath);
  const caLines = ca.text.split('\n');
  const appToCa = moduleCall(app, caPath);
  const mainToApp = moduleCall(main, 'deploy/app.bicep');
  const deploySh = read('deploy/deploy.sh');
  const appParamValues = json('deploy/app.parameters.json').parameters || {};
  // The hook that makes the registration is the one that must publish its ids.
  const hookText = hookFiles.filter((f) => existsSync(f)).map(read).filter((t) => /^\s*configure_api_registration\s/m.test(t)).join('\n');
  const setInContainer = caLines.map((l) => l.match(/^\s+name:\s*'(AUTH_[A-Z0-9_]*)'/)).filter(Boolean).map((m) => m[1]);
  for (const name of contract) {
    const count = setInContainer.filter((n) => n === name).length;
    if (count !== 1) problems.push(`${caPath} sets ${name} ${count} times, not once`);
  }
  for (const name of setInContainer) {
    if (!contract.includes(name)) problems.push(`${caPath} sets ${name}, which the application does not read`);
  }
  for (const name of contract) {
    const at = caLines.findIndex((l) => new RegExp(`^\\s+name:\\s*'${name}'`).test(l));
    if (at < 0) continue;
    const value = (caLines[at + 1] || '').match(/^\s+value:\s*(.*)$/);
    const caParam = value && [...identifiers(value[1])].find((i) => ca.params.has(i));
    if (!caParam) {
      problems.push(`${caPath}: ${name} is not set from a param`);
      continue;
    }
    const appExpr = appToCa && appToCa.exprs.get(caParam);
    const appParam = appExpr && [...identifiers(appExpr)].find((i) => app.params.has(i));
    if (!appParam) {
      problems.push(`deploy/app.bicep does not pass ${caParam} (${name}) from one of its params`);
      continue;
    }
    const given = appParamValues[appParam] && appParamValues[appParam].value;
    const refs = typeof given === 'string' ? envRefs(given).map((r) => r.name) : [];
    if (refs.length !== 1 || refs[0] !== name) problems.push(`deploy/app.parameters.json: ${appParam} should be \${${name}...}, the setting's own name (is ${JSON.stringify(given)})`);
    if (name !== 'AUTH_ENABLED' && !new RegExp(`azd env set(?:\\s+--environment\\s+\\S+)?\\s+${name}\\b`).test(hookText)) {
      problems.push(`the hook that calls configure_api_registration does not set ${name} in azd's environment (azd env set)`);
    }
    const mainExpr = mainToApp && mainToApp.exprs.get(appParam);
    const mainParam = mainExpr && [...identifiers(mainExpr)].find((i) => main.params.has(i));
    if (!mainParam) {
      problems.push(`deploy/main.bicep's app module does not pass ${appParam} (${name}) from one of its params`);
      continue;
    }
    const line = deploySh.split('\n').find((l) => new RegExp(`^\\s+"${mainParam}=`).test(l));
    if (!line) problems.push(`deploy/deploy.sh does not set ${mainParam} (${name}) in pass 2`);
    else if (!line.includes(`\${${name}}`)) problems.push(`deploy/deploy.sh sets ${mainParam} from something else than \${${name}}: ${line.trim()}`);
  }
  check("the app's AUTH_* settings: set once, from azd values and deploy.sh variables of the same names", problems);
}

// ----------------------------------------------------------------------- entra
{
  const problems = [];
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const azureCli = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
  const roles = ['Codes.Issue', 'Codes.Verify'];
  const dir = 'deploy/entra';
  const files = ['api-application.json', 'api-application-expose.json', 'api-service-principal.json'];
  const docs = {};
  for (const f of files) {
    try {
      docs[f] = json(join(dir, f));
    } catch (e) {
      problems.push(`${join(dir, f)}: ${e.message}`);
    }
  }
  const walk = (v, path, fn) => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
      fn(k, x, `${path}.${k}`);
      walk(x, `${path}.${k}`, fn);
    }
  };
  for (const [f, d] of Object.entries(docs)) {
    walk(d, f, (k, x, where) => {
      if (/^(passwordCredentials|keyCredentials|federatedIdentityCredentials)$/.test(k)) problems.push(`${where}: no credential belongs to the API's registration`);
    });
  }
  const a = docs['api-application.json'] || {};
  const e = docs['api-application-expose.json'] || {};
  const sp = docs['api-service-principal.json'] || {};
  if (a.displayName !== '__DISPLAY_NAME__') problems.push('api-application.json: displayName must be the placeholder __DISPLAY_NAME__');
  if (a.signInAudience !== 'AzureADMyOrg') problems.push('api-application.json: signInAudience must be AzureADMyOrg (one tenant)');
  for (const [f, d] of [['api-application.json', a], ['api-application-expose.json', e]]) {
    if (!d.api || d.api.requestedAccessTokenVersion !== 2) problems.push(`${f}: api.requestedAccessTokenVersion must be 2 (the app checks the v2.0 issuer)`);
  }
  const appRoles = a.appRoles || [];
  const values = appRoles.map((r) => r.value).sort();
  if (JSON.stringify(values) !== JSON.stringify(roles)) problems.push(`api-application.json: app roles ${JSON.stringify(values)}, the application checks ${JSON.stringify(roles)}`);
  for (const r of appRoles) {
    if (!guid.test(r.id || '')) problems.push(`app role ${r.value}: id ${r.id} is not a lowercase GUID`);
    if (r.isEnabled !== true) problems.push(`app role ${r.value}: not enabled`);
    const types = r.allowedMemberTypes || [];
    if (!types.includes('Application')) problems.push(`app role ${r.value}: managed identities (Application) cannot be assigned it`);
    for (const t of types) if (!['Application', 'User'].includes(t)) problems.push(`app role ${r.value}: member type ${t}`);
  }
  const scopes = (a.api && a.api.oauth2PermissionScopes) || [];
  const ids = [...appRoles.map((r) => r.id), ...scopes.map((x) => x.id)];
  if (new Set(ids).size !== ids.length) problems.push('app role and scope ids are not all distinct');
  for (const x of scopes) {
    if (!guid.test(x.id || '')) problems.push(`scope ${x.value}: id ${x.id} is not a lowercase GUID`);
    if (!['User', 'Admin'].includes(x.type)) problems.push(`scope ${x.value}: type ${x.type}`);
  }
  if (JSON.stringify((e.api && e.api.oauth2PermissionScopes) || []) !== JSON.stringify(scopes)) {
    problems.push('api-application-expose.json must repeat api-application.json\'s oauth2PermissionScopes exactly (an update replaces api whole)');
  }
  if (JSON.stringify(e.identifierUris) !== JSON.stringify(['api://__APP_ID__'])) problems.push('api-application-expose.json: identifierUris must be ["api://__APP_ID__"], the default form every tenant policy allows');
  for (const p of (e.api && e.api.preAuthorizedApplications) || []) {
    if (p.appId !== azureCli) problems.push(`pre-authorized ${p.appId}: only the Azure CLI (${azureCli}) is`);
    for (const id of p.delegatedPermissionIds || []) if (!scopes.some((x) => x.id === id)) problems.push(`pre-authorized scope ${id} is not a scope of the registration`);
  }
  if (sp.appRoleAssignmentRequired !== true) problems.push('api-service-principal.json: appRoleAssignmentRequired must be true (Entra issues tokens only to assigned principals)');
  const lib = read('deploy/lib.sh');
  for (const placeholder of ['__DISPLAY_NAME__', '__APP_ID__']) {
    if (!lib.includes(`s/${placeholder}/`)) problems.push(`deploy/lib.sh does not fill in ${placeholder}`);
  }
  for (const f of files) if (!lib.includes(`/${f}`)) problems.push(`deploy/lib.sh does not use deploy/entra/${f}`);
  const libRoles = (lib.match(/^API_ROLES=\(([^)]*)\)/m) || [, ''])[1].split(/\s+/).filter(Boolean).sort();
  if (JSON.stringify(libRoles) !== JSON.stringify(roles)) problems.push(`deploy/lib.sh API_ROLES ${JSON.stringify(libRoles)} differ from the app roles ${JSON.stringify(roles)}`);
  check("deploy/entra: the API's registration (v2 tokens, Codes.Issue and Codes.Verify, api://<appId>, assignment required, no credential)", problems);
}

// ------------------------------------------------------------------ smoke test
{
  const problems = [];
  for (const [, file] of bicepCache) {
    for (const m of file.text.matchAll(/\bload(?:Text|Json)Content\('([^']+)'/g)) {
      if (!existsSync(join(dirname(file.path), m[1]))) problems.push(`${file.path}: ${m[1]} (loaded at compile time) does not exist`);
    }
  }
  const jobPath = 'deploy/modules/smoke-test-job.bicep';
  const job = readBicep(jobPath);
  const scriptRef = job.text.match(/loadTextContent\('([^']+)'\)/);
  const scriptPath = scriptRef && join(dirname(jobPath), scriptRef[1]);
  if (!scriptPath || !existsSync(scriptPath)) problems.push(`${jobPath} runs no script that exists`);
  else {
    const script = read(scriptPath);
    const jobEnv = new Set([...job.text.matchAll(/^\s+name:\s*'([A-Z][A-Z0-9_]*)'/gm)].map((m) => m[1]));
    const platform = new Set(['IDENTITY_ENDPOINT', 'IDENTITY_HEADER']);
    // NAME="${NAME:-…}" takes an input; it does not make one.
    const assigned = new Set([...script.matchAll(/^\s*([A-Za-z_]\w*)=(.*)$/gm)].filter((m) => !m[2].startsWith(`"\${${m[1]}`)).map((m) => m[1]));
    const readNames = new Set([...script.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    for (const n of readNames) if (!jobEnv.has(n) && !platform.has(n) && !assigned.has(n)) problems.push(`${scriptPath} reads ${n}, which its job does not set`);
    for (const n of jobEnv) if (!readNames.has(n)) problems.push(`${jobPath} sets ${n}, which ${scriptPath} does not read`);
    if (!script.startsWith('#!/bin/sh\n')) problems.push(`${scriptPath}: the job runs it with /bin/sh; start it with #!/bin/sh so shellcheck checks it as sh`);
  }
  if (!moduleCall(app, jobPath)) problems.push(`deploy/app.bicep does not deploy ${jobPath}`);
  const lib = read('deploy/lib.sh');
  const callers = {
    configure_api_registration: ['deploy/deploy.sh', 'deploy/hooks/postprovision.sh'],
    smoke_test: ['deploy/deploy.sh', 'deploy/hooks/postdeploy.sh'],
    delete_api_registration: ['deploy/teardown.sh', 'deploy/hooks/postdown.sh'],
  };
  for (const [fn, files] of Object.entries(callers)) {
    if (!new RegExp(`^${fn}\\(\\)`, 'm').test(lib)) problems.push(`deploy/lib.sh does not define ${fn}`);
    for (const f of files) {
      if (!existsSync(f) || !new RegExp(`^\\s*${fn}\\s`, 'm').test(read(f))) problems.push(`${f} does not call ${fn} (deploy/lib.sh)`);
      else if (f.startsWith('deploy/hooks/') && !hookFiles.includes(f)) problems.push(`${f} calls ${fn} but azure.yaml does not run it`);
    }
  }
  check('smoke test and Entra steps: loaded files exist, the caller reads what its job sets, one shared lib.sh', problems);
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
