/**
 * End-to-end tests against a real n8n (installed once into the harness cache folder by globalSetup).
 * Run with `npm run test:e2e`; serial (one n8n at a time fits a 2-core machine) and with long timeouts
 * because a first n8n start runs all its DB migrations.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	testTimeout: 300000,
	maxWorkers: 1,
};
