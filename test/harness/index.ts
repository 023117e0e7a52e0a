/** The real-n8n harness shared by the e2e tests, the benchmarks and the demo. */
export { cacheDir, ensureNode24, node24Home, NODE24_VERSION } from './node24';
export { ensureN8n, n8nInstallDir, N8N_VERSION, type N8nInstall } from './install';
export {
	startN8n,
	freePort,
	DEFAULT_OWNER,
	HARNESS_ENCRYPTION_KEY,
	type N8nHandle,
	type OwnerAccount,
	type PostgresOptions,
	type StartOptions,
	type Json,
} from './n8n-process';
export { installPackageTarball, packProject, communityNodesDir, type InstalledPackage } from './packages';
export * from './workflows';
export * from './data-tables';
export { HttpError, pollUntil, request, requestOk, sleep, type HttpResponse, type HttpMethod } from './http';
export * from './workflow-builders';
