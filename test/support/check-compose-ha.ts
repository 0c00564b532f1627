// Static checks of deploy/compose.ha.yaml (two replicas on PostgreSQL): there is no Docker engine
// where the tests run, so the file's promises are read, not run.
import { parse } from 'yaml';
import { REPLICA_ID } from '../../src/config/replica-settings.js';

type Service = {
  image?: string;
  environment?: Record<string, unknown> | string[];
  env_file?: string | string[] | { path: string }[];
  healthcheck?: { test?: string | string[] };
  restart?: string;
  depends_on?: Record<string, { condition?: string }> | string[];
  secrets?: (string | { source: string })[];
  ports?: string[];
};

const BOT_IMAGE = 'omni-chatops:local';

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(
      env.map((item) => [item.split('=')[0] ?? '', item.split('=').slice(1).join('=')]),
    );
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
}

const envFiles = (service: Service) =>
  [service.env_file ?? []].flat().map((file) => (typeof file === 'string' ? file : file.path));

const healthcheck = (service: Service) => [service.healthcheck?.test ?? []].flat().join(' ');

function checkPostgres(name: string, service: Service): string[] {
  const problems: string[] = [];
  const tag = /^postgres:(\d+)[\w.-]*$/.exec(service.image ?? '');
  if (tag?.[1] !== '16')
    problems.push(`${name}: image must be PostgreSQL 16 with a version tag (postgres:16…)`);
  const env = environment(service);
  if ('POSTGRES_PASSWORD' in env)
    problems.push(
      `${name}: POSTGRES_PASSWORD is written in the file; use POSTGRES_PASSWORD_FILE and a secret`,
    );
  if (!env.POSTGRES_PASSWORD_FILE?.startsWith('/run/secrets/'))
    problems.push(`${name}: the password must come from a secret (POSTGRES_PASSWORD_FILE=/run/secrets/…)`);
  if (!healthcheck(service).includes('pg_isready')) problems.push(`${name}: no pg_isready healthcheck`);
  if (!service.restart) problems.push(`${name}: no restart policy`);
  if ((service.ports ?? []).length > 0)
    problems.push(`${name}: publishes a port; only the replicas need to reach PostgreSQL`);
  return problems;
}

function checkReplica(name: string, service: Service, postgres: string | undefined): string[] {
  const problems: string[] = [];
  const env = environment(service);
  if (!env.REPLICA_ID || !REPLICA_ID.test(env.REPLICA_ID))
    problems.push(`${name}: REPLICA_ID must be set, 1-64 characters of A-Z a-z 0-9 . _ -`);
  if ('DATABASE_URL' in env)
    problems.push(
      `${name}: DATABASE_URL is written in the file; it holds a password, read it from an env file`,
    );
  if (!envFiles(service).some((file) => file.includes('database')))
    problems.push(`${name}: no env file for DATABASE_URL (database.env)`);
  if (!healthcheck(service).includes('/readyz'))
    problems.push(`${name}: the healthcheck does not probe /readyz`);
  if (!service.restart) problems.push(`${name}: no restart policy`);
  const dependsOn = Array.isArray(service.depends_on) ? {} : (service.depends_on ?? {});
  if (!postgres || dependsOn[postgres]?.condition !== 'service_healthy')
    problems.push(`${name}: must wait for PostgreSQL to be healthy (depends_on … service_healthy)`);
  return problems;
}

/** Every way `text` breaks what README "Running two replicas" promises of compose.ha.yaml; [] when none. */
export function checkComposeHa(text: string): string[] {
  const compose = parse(text, { merge: true }) as { services?: Record<string, Service> };
  const services = Object.entries(compose.services ?? {});
  const postgres = services.filter(([, s]) => s.image?.startsWith('postgres'));
  const replicas = services.filter(([, s]) => s.image === BOT_IMAGE);
  const problems: string[] = [];
  if (postgres.length !== 1) problems.push(`expected one PostgreSQL service, found ${postgres.length}`);
  if (replicas.length !== 2) problems.push(`expected two replicas of ${BOT_IMAGE}, found ${replicas.length}`);
  for (const [name, service] of postgres) problems.push(...checkPostgres(name, service));
  for (const [name, service] of replicas) problems.push(...checkReplica(name, service, postgres[0]?.[0]));
  const ids = replicas.map(([, s]) => environment(s).REPLICA_ID);
  if (new Set(ids).size !== ids.length) problems.push(`the replicas share a REPLICA_ID: ${ids.join(', ')}`);
  const hostPorts = replicas
    .flatMap(([, s]) => s.ports ?? [])
    .map((p) => p.split(':').slice(0, -1).join(':'));
  if (new Set(hostPorts).size !== hostPorts.length)
    problems.push(`the replicas publish the same host port: ${hostPorts.join(', ')}`);
  return problems;
}
