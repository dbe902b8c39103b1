// Validates rendered Kubernetes objects (a JSON array, file path in argv[2]) against two schemas:
//  1. kubernetes-models: types, required fields, formats (`new Kind(obj).validate()`);
//  2. @kubernetes/client-node's OpenAPI model metadata (attributeTypeMap): every field must be known.
// Prints one JSON object per finding ({ object, path, message }) and exits 1 when there is any.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as models from '@kubernetes/client-node/dist/gen/models/all.js';

const require = createRequire(import.meta.url);
const objects = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const findings = [];
const primitives = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString', 'RawExtension']);

// Custom resources have no OpenAPI model in client-node: their known fields (Prometheus Operator v0.7x CRD).
const crdFields = {
  'monitoring.coreos.com/v1/ServiceMonitor': {
    '': ['apiVersion', 'kind', 'metadata', 'spec'],
    '.spec': ['attachMetadata', 'bodySizeLimit', 'endpoints', 'jobLabel', 'keepDroppedTargets', 'labelLimit', 'labelNameLengthLimit',
      'labelValueLengthLimit', 'namespaceSelector', 'podTargetLabels', 'sampleLimit', 'scrapeClass', 'scrapeProtocols', 'selector',
      'targetLabels', 'targetLimit'],
    '.spec.endpoints[]': ['authorization', 'basicAuth', 'bearerTokenFile', 'bearerTokenSecret', 'enableHttp2', 'filterRunning',
      'followRedirects', 'honorLabels', 'honorTimestamps', 'interval', 'metricRelabelings', 'oauth2', 'params', 'path', 'port',
      'proxyUrl', 'relabelings', 'scheme', 'scrapeTimeout', 'targetPort', 'tlsConfig', 'trackTimestampsStaleness'],
    '.spec.namespaceSelector': ['any', 'matchNames'],
    '.spec.selector': ['matchExpressions', 'matchLabels'],
  },
};

// cert-manager's issuers (cert-manager.io/v1, ACME with HTTP-01 through an ingress class: what the chart renders). Neither
// kubernetes-models nor client-node knows them, so their known fields are listed above and their required fields here
// (from cert-manager's v1 CRDs): an Issuer without a server or account key would be accepted by the API server's CRD
// schema only to fail later, so a missing one is a finding rather than a silent pass.
const issuerFields = {
  '': ['apiVersion', 'kind', 'metadata', 'spec'],
  '.spec': ['acme', 'ca', 'selfSigned', 'vault', 'venafi'],
  '.spec.acme': ['caBundle', 'disableAccountKeyGeneration', 'email', 'enableDurationFeature', 'externalAccountBinding',
    'preferredChain', 'privateKeySecretRef', 'profile', 'server', 'skipTLSVerify', 'solvers'],
  '.spec.acme.privateKeySecretRef': ['key', 'name'],
  '.spec.acme.solvers[]': ['dns01', 'http01', 'selector'],
  '.spec.acme.solvers[].http01': ['gatewayHTTPRoute', 'ingress'],
  '.spec.acme.solvers[].http01.ingress': ['class', 'ingressClassName', 'ingressTemplate', 'name', 'podTemplate', 'serviceType'],
};
crdFields['cert-manager.io/v1/Issuer'] = issuerFields;
crdFields['cert-manager.io/v1/ClusterIssuer'] = issuerFields;

function checkIssuerRequired(obj, name) {
  const missing = (path) => findings.push({ object: name, path, message: `required field ${path} is missing in ${obj.kind}` });
  if (!obj.metadata?.name) missing('.metadata.name');
  if (obj.kind === 'Issuer' && !obj.metadata?.namespace) missing('.metadata.namespace');
  if (obj.kind === 'ClusterIssuer' && obj.metadata?.namespace) {
    findings.push({ object: name, path: '.metadata.namespace', message: 'a ClusterIssuer is cluster-scoped and has no namespace' });
  }
  const spec = obj.spec ?? {};
  const types = ['acme', 'ca', 'selfSigned', 'vault', 'venafi'].filter((t) => spec[t] !== undefined);
  if (types.length !== 1) {
    findings.push({ object: name, path: '.spec', message: `exactly one issuer type is required, found ${types.length}` });
  }
  const acme = spec.acme;
  if (acme) {
    if (typeof acme.server !== 'string' || !/^https:\/\//.test(acme.server)) missing('.spec.acme.server');
    if (!acme.privateKeySecretRef?.name) missing('.spec.acme.privateKeySecretRef.name');
    if (acme.email !== undefined && (typeof acme.email !== 'string' || !acme.email.includes('@'))) {
      findings.push({ object: name, path: '.spec.acme.email', message: 'email must be an address' });
    }
    for (const [i, solver] of (acme.solvers ?? []).entries()) {
      if (!solver?.http01 && !solver?.dns01) missing(`.spec.acme.solvers[${i}].http01|dns01`);
    }
  }
}

function checkCrdFields(obj, name) {
  const fields = crdFields[`${obj.apiVersion}/${obj.kind}`];
  if (!fields) {
    return false;
  }
  const resolve = (path) => {
    let nodes = [obj];
    for (const part of path.split('.').filter(Boolean)) {
      const key = part.replace('[]', '');
      nodes = nodes.flatMap((n) => (n && n[key] !== undefined ? (part.endsWith('[]') ? n[key] : [n[key]]) : []));
    }
    return nodes;
  };
  for (const [path, known] of Object.entries(fields)) {
    for (const node of resolve(path)) {
      for (const key of Object.keys(node ?? {})) {
        if (!known.includes(key)) {
          findings.push({ object: name, path: `${path}.${key}`, message: `unknown field "${key}" in ${obj.kind}` });
        }
      }
    }
  }
  walk(obj.metadata, 'V1ObjectMeta', '.metadata', name);
  return true;
}

function modelsModule(apiVersion) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  if (group === 'monitoring.coreos.com') {
    return require(`@kubernetes-models/prometheus-operator/${group}/${version}`);
  }
  return require(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
}

function walk(value, type, path, name) {
  if (value === null || value === undefined || primitives.has(type)) {
    return;
  }
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) {
      findings.push({ object: name, path, message: `expected a list (${type})` });
      return;
    }
    value.forEach((item, i) => walk(item, array[1], `${path}[${i}]`, name));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    for (const [key, item] of Object.entries(value)) {
      walk(item, map[1], `${path}.${key}`, name);
    }
    return;
  }
  const cls = models[type];
  if (!cls || !Array.isArray(cls.attributeTypeMap)) {
    return; // enum or alias of a primitive
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    findings.push({ object: name, path, message: `expected an object (${type})` });
    return;
  }
  const known = new Map(cls.attributeTypeMap.map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!known.has(key)) {
      findings.push({ object: name, path: `${path}.${key}`, message: `unknown field "${key}" in ${type}` });
    } else {
      walk(item, known.get(key), `${path}.${key}`, name);
    }
  }
}

for (const obj of objects) {
  const name = `${obj?.kind ?? '?'}/${obj?.metadata?.name ?? '?'}`;
  if (!obj?.apiVersion || !obj?.kind) {
    findings.push({ object: name, path: '', message: 'apiVersion and kind are required' });
    continue;
  }
  if (obj.apiVersion === 'cert-manager.io/v1' && (obj.kind === 'Issuer' || obj.kind === 'ClusterIssuer')) {
    checkIssuerRequired(obj, name);
    checkCrdFields(obj, name);
    continue;
  }
  let Kind;
  try {
    Kind = modelsModule(obj.apiVersion)[obj.kind];
  } catch {
    Kind = undefined;
  }
  if (!Kind) {
    findings.push({ object: name, path: '', message: `unknown kind ${obj.apiVersion} ${obj.kind}` });
    continue;
  }
  try {
    new Kind(obj).validate();
  } catch (error) {
    const details = (error.errors ?? []).map((e) => `${e.instancePath ?? e.dataPath ?? ''} ${e.message}`).join('; ');
    findings.push({ object: name, path: '', message: `kubernetes-models: ${details || error.message}` });
  }
  const version = obj.apiVersion.split('/').pop();
  const typeName = version.charAt(0).toUpperCase() + version.slice(1) + obj.kind;
  if (models[typeName]) {
    walk(obj, typeName, '', name);
  } else if (!checkCrdFields(obj, name)) {
    findings.push({ object: name, path: '', message: `no OpenAPI model ${typeName} to check fields against` });
  }
}

for (const finding of findings) {
  console.log(JSON.stringify(finding));
}
process.exit(findings.length === 0 ? 0 : 1);
