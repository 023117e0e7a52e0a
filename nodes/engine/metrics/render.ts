/**
 * The dashboard as one self-contained HTML document: inline CSS and SVG only — no scripts, fonts,
 * images or links to fetch — so it renders offline, printed, and inside n8n's sandboxed webhook responses.
 * Every number comes from the metrics result and carries its JSON Pointer (`data-metric`).
 */
import { questionCards } from './cards';
import { formatCount } from './format';
import { esc } from './html';
import { markdownToHtml } from './markdown';
import { cyclesSection, eventsSection } from './sections-loops';
import { autoResolvedSection, escalatedSection, ttrSection } from './sections-queue';
import { CSS } from './style';
import type { MetricsResult, MetricsWarning } from './types';

export interface RenderOptions {
	/** Page title; default "Reconciliation dashboard". */
	title?: string;
	/** The sync policy doc (Markdown from `renderPolicyDoc`), shown as the last section. */
	policyDoc?: string;
	/** Where the standalone policy page lives (e.g. `?format=policy`); adds a link in the header. */
	policyHref?: string;
}

export const SECTION_IDS = ['events', 'cycles', 'auto-resolved', 'escalated', 'ttr'] as const;

function document(title: string, body: string): string {
	return [
		'<!DOCTYPE html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		'<meta name="color-scheme" content="light">',
		`<title>${esc(title)}</title>`,
		`<style>${CSS}</style>`,
		'</head>',
		`<body>\n<main class="page">\n${body}\n</main>\n</body>`,
		'</html>',
		'',
	].join('\n');
}

function header(r: MetricsResult, options: RenderOptions): string {
	const w = r.week.window;
	const progress = w.complete ? 'complete week' : `week in progress: ${formatCount(Math.round(w.elapsedDays * 10) / 10)} of 7 days`;
	const links = [
		['#events', 'Events'],
		['#cycles', 'Cycles'],
		['#auto-resolved', 'Auto-resolved'],
		['#escalated', 'Escalated'],
		['#ttr', 'Time to resolution'],
		...(options.policyDoc !== undefined ? [['#policy', 'Sync policy']] : []),
		...(options.policyHref !== undefined ? [[options.policyHref, 'Policy page']] : []),
	];
	const nav = `<nav class="jump" aria-label="Sections">${links.map(([href, label]) => `<a href="${esc(href)}">${esc(label)}</a>`).join('')}</nav>`;
	const eyebrow = `${options.title ?? 'Reconciliation dashboard'}${r.policyName ? ` · ${r.policyName}` : ''}`;
	const meta = `Week ${esc(w.isoWeek.slice(-2).replace(/^0/, ''))} of ${esc(w.isoWeek.slice(0, 4))} · ${esc(progress)} · compared with ${w.complete ? 'the week before' : 'the same days of the week before'} · times in ${esc(r.timeZone)} · as of ${esc(w.observedUntil.slice(0, 16).replace('T', ' '))}`;
	return `<header class="top"><div><p class="eyebrow">${esc(eyebrow)}</p><h1 data-week="${esc(w.isoWeek)}">${esc(w.label)}</h1><p class="meta">${meta}</p></div>${nav}</header>`;
}

function warningsBlock(warnings: readonly MetricsWarning[]): string {
	if (warnings.length === 0) return '';
	const items = warnings.map((w) => `<li><code>${esc(w.table)}</code>: ${esc(w.message)} (${esc(formatCount(w.count))} row${w.count === 1 ? '' : 's'}; first: ${esc(w.examples.map((e) => (e.id !== undefined ? `id ${e.id}` : `#${e.index}`)).join(', '))})</li>`);
	const total = warnings.reduce((n, w) => n + w.count, 0);
	return `<section class="card warnings" id="warnings" data-warnings="${total}"><h2>Rows the dashboard could not fully read</h2><ul>${items.join('')}</ul></section>`;
}

function policySection(markdown: string): string {
	return `<section class="card metric policy-doc" id="policy">\n${markdownToHtml(markdown, 1)}\n</section>`;
}

/** The dashboard page for a metrics result. Deterministic: the same result gives the same bytes. */
export function renderDashboard(r: MetricsResult, options: RenderOptions = {}): string {
	const title = `${options.title ?? 'Reconciliation dashboard'} — ${r.week.window.label}`;
	const body = [
		header(r, options),
		questionCards(r),
		eventsSection(r),
		cyclesSection(r),
		`<div class="pair">\n${autoResolvedSection(r)}\n${escalatedSection(r)}\n</div>`,
		ttrSection(r),
		options.policyDoc !== undefined ? policySection(options.policyDoc) : '',
		warningsBlock(r.warnings),
		`<footer>Generated ${esc(r.generatedAt)} by the Reconcile Metrics node from the reconcile_events, reconcile_cycles and reconcile_queue Data Tables.</footer>`,
	];
	return document(title, body.filter((b) => b !== '').join('\n'));
}

/** The sync policy doc as a page of its own (`format=policy`), with a link back to the dashboard if given. */
export function renderPolicyPage(markdown: string, options: { title?: string; dashboardHref?: string } = {}): string {
	const back = options.dashboardHref !== undefined ? `<nav class="jump" aria-label="Back"><a href="${esc(options.dashboardHref)}">Dashboard</a></nav>` : '';
	const body = `<header class="top"><div><p class="eyebrow">${esc(options.title ?? 'Reconciliation')}</p></div>${back}</header>\n<section class="card policy-doc" id="policy">\n${markdownToHtml(markdown, 0)}\n</section>`;
	const heading = /^#\s+(.*)$/m.exec(markdown)?.[1] ?? 'Sync policy';
	return document(heading, body);
}
