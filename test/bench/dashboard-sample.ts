/**
 * Writes a sample dashboard page (and its JSON and the policy page) from the seeded scenario, to look at:
 *
 *   npx ts-node --transpile-only test/bench/dashboard-sample.ts [--out /tmp/dashboard] [--events 3000] [--now 2026-06-04T15:30:00+02:00] [--empty]
 *   chromium --headless --no-sandbox --disable-gpu --screenshot=/tmp/dashboard.png --window-size=1280,2400 file:///tmp/dashboard/dashboard.html
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parsePolicyOrThrow, renderPolicyDoc } from '../../nodes/engine';
import { computeMetrics, renderDashboard, renderPolicyPage } from '../../nodes/engine/metrics';
import { contactsPolicy } from '../fixtures/contacts-policy';
import { numberFlag, stringFlag } from './args';
import { dashboardScenario, POLICY } from './dashboard-data';

const ZONE = 'Europe/Berlin';

function main(argv: readonly string[]): void {
	const out = stringFlag(argv, 'out') ?? '/tmp/dashboard';
	const now = stringFlag(argv, 'now') ?? '2026-06-04T15:30:00+02:00';
	const week = stringFlag(argv, 'week') ?? now;
	const nowMs = Date.parse(now);
	// Monday 00:00 Berlin of the week holding `now` (the scenario is built around it; metrics find it themselves).
	const weekStartMs = Date.parse('2026-06-01T00:00:00+02:00');
	const scenario = dashboardScenario({ events: numberFlag(argv, 'events', 3000), weekStartMs, nowMs, queueItems: numberFlag(argv, 'queue', 70) });
	// --empty: a fresh install, nothing written yet, to see how "no data" reads.
	const rows = argv.includes('--empty') ? { events: [], cycles: [], queue: [] } : scenario;
	const policy = parsePolicyOrThrow({ ...contactsPolicy(), name: POLICY });
	const metrics = computeMetrics(rows, { weekStart: week, now, timeZone: ZONE, policyName: policy.name, systems: ['hubspot', 'salesforce'] });
	const doc = renderPolicyDoc(policy);
	mkdirSync(out, { recursive: true });
	writeFileSync(join(out, 'dashboard.html'), renderDashboard(metrics, { policyDoc: doc, policyHref: 'policy.html' }));
	writeFileSync(join(out, 'policy.html'), renderPolicyPage(doc, { dashboardHref: 'dashboard.html' }));
	writeFileSync(join(out, 'metrics.json'), JSON.stringify(metrics, null, 2));
	process.stdout.write(`${metrics.summary}\n\nwrote ${join(out, 'dashboard.html')}, policy.html, metrics.json\n`);
}

main(process.argv.slice(2));
