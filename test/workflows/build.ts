/**
 * Generates the shipped workflow templates into `workflows/`: `npm run templates`.
 * A test checks that the committed files match what this produces.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Workflow } from './builder';
import { cycleWorkflow } from './cycle';
import { dashboardWorkflow } from './dashboard';
import { fastLoopWorkflow } from './fast-loop';
import { reviewWorkflow } from './review';
import { weeklyWorkflow } from './weekly';

export const TEMPLATES: Record<string, () => Workflow> = {
	'reconcile-cycle.json': cycleWorkflow,
	'reconcile-fast-loop.json': fastLoopWorkflow,
	'reconcile-operator-review.json': reviewWorkflow,
	'reconcile-dashboard.json': dashboardWorkflow,
	'reconcile-weekly.json': weeklyWorkflow,
};

export function render(workflow: Workflow): string {
	return `${JSON.stringify(workflow, null, 2)}\n`;
}

export const WORKFLOWS_DIR = join(__dirname, '..', '..', 'workflows');

if (require.main === module) {
	for (const [file, build] of Object.entries(TEMPLATES)) {
		writeFileSync(join(WORKFLOWS_DIR, file), render(build()));
		process.stdout.write(`wrote workflows/${file}\n`);
	}
}
