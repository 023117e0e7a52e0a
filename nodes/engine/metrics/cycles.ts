/** Numbers 2 and 3 (slow loop): cycles run, discrepancies found, auto-resolved by rule; escalation decisions. */
import { addCounts, bump, isBlank, toBoolean, toCounts, toNumber, toText, toTime, type Row, type Warnings } from './read';
import type { RowSource } from './source';
import { ordered, ratio } from './stats';
import type { AutoResolvedMetrics, CycleEntry, CycleMetrics } from './types';
import { isoIn, type WeekSpan } from './week';

const TABLE = 'reconcile_cycles';
/** The seed's three rules first; `only_in` is a missing record created on the other side. */
export const RULES = ['source_of_truth', 'recency', 'merge', 'only_in'] as const;
const UNKNOWN = 'unknown';

interface ParsedCycle {
	at: number;
	entry: CycleEntry;
	byRule: Record<string, number>;
	byCategory: Record<string, number>;
}

export interface CycleWeek {
	cycles: CycleMetrics;
	autoResolved: Omit<AutoResolvedMetrics, 'fastLoop'>;
	escalationDecisions: { total: number; byCategory: Record<string, number> };
}

function nullableCount(row: Row, index: number, column: string, warnings: Warnings): number | null {
	const n = toNumber(row[column]);
	if (n === null) warnings.add(TABLE, `${column} is ${isBlank(row[column]) ? 'missing' : 'not a number'}: shown as unknown, left out of totals`, index, row);
	return n;
}

/**
 * A by-rule / by-category JSON column. Unreadable JSON keeps the cycle's total under "unknown", so the
 * breakdown still adds up to what the cycle reported.
 */
function breakdown(row: Row, index: number, column: string, total: number | null, warnings: Warnings): Record<string, number> {
	const counts = toCounts(row[column]);
	if (counts !== null) return counts;
	warnings.add(TABLE, `${column} is not a JSON object of counts: its total is shown under "${UNKNOWN}"`, index, row);
	return total !== null && total > 0 ? { [UNKNOWN]: total } : {};
}

function parseCycle(row: Row, index: number, at: number, timeZone: string, warnings: Warnings): ParsedCycle {
	let aborted = toBoolean(row.aborted);
	if (aborted === null) {
		warnings.add(TABLE, 'aborted is not a boolean: read as not aborted', index, row);
		aborted = false;
	}
	const base = { cycleId: toText(row.cycleId), startedAt: isoIn(at, timeZone), mode: toText(row.mode), aborted, abortReason: toText(row.abortReason) };
	const durationMs = toNumber(row.durationMs);
	if (aborted) {
		// Nothing was compared: unknown, not zero discrepancies.
		const entry = { ...base, discrepancies: null, autoResolved: null, escalated: null, autoResolutionRate: null, durationMs };
		return { at, entry, byRule: {}, byCategory: {} };
	}
	const discrepancies = nullableCount(row, index, 'discrepancies', warnings);
	const byRule = breakdown(row, index, 'autoResolvedByRule', toNumber(row.autoResolved), warnings);
	const byCategory = breakdown(row, index, 'escalatedByCategory', toNumber(row.escalated), warnings);
	const sum = (counts: Record<string, number>) => Object.values(counts).reduce((x, y) => x + y, 0);
	// A missing total is the sum of its breakdown when there is one.
	const autoResolved = toNumber(row.autoResolved) ?? (Object.keys(byRule).length ? sum(byRule) : nullableCount(row, index, 'autoResolved', warnings));
	const escalated = toNumber(row.escalated) ?? (Object.keys(byCategory).length ? sum(byCategory) : nullableCount(row, index, 'escalated', warnings));
	const rate = autoResolved !== null && escalated !== null ? ratio(autoResolved, autoResolved + escalated) : null;
	const entry = { ...base, discrepancies, autoResolved, escalated, autoResolutionRate: rate, durationMs };
	return { at, entry, byRule, byCategory };
}

/** Reads every cycle row once; a cycle logged twice (a retried write) counts once, the later row winning. */
function readCycles(source: RowSource, timeZone: string, warnings: Warnings): ParsedCycle[] {
	const byId = new Map<string, ParsedCycle>();
	const anonymous: ParsedCycle[] = [];
	source.each(TABLE, (row, index) => {
		// A dry run (a preview) wrote and queued nothing: it is no cycle run.
		if (toBoolean(row.dryRun) === true) return;
		const at = toTime(row.startedAt);
		if (at === null) return warnings.add(TABLE, 'startedAt is missing or not a time: row skipped', index, row);
		const cycle = parseCycle(row, index, at, timeZone, warnings);
		const id = cycle.entry.cycleId;
		if (id === '') return void anonymous.push(cycle);
		if (byId.has(id)) warnings.add(TABLE, 'cycleId appears more than once: counted once (the last row)', index, row);
		byId.set(id, cycle);
	});
	return [...byId.values(), ...anonymous].sort((x, y) => x.at - y.at || (x.entry.cycleId < y.entry.cycleId ? -1 : 1));
}

function weekOf(cycles: readonly ParsedCycle[], span: WeekSpan, timeZone: string): CycleWeek {
	const inWeek = cycles.filter((c) => c.at >= span.startMs && c.at < span.untilMs);
	const done = inWeek.filter((c) => !c.entry.aborted);
	const total = (pick: (e: CycleEntry) => number | null) => done.reduce((sum, c) => sum + (pick(c.entry) ?? 0), 0);
	const byRule: Record<string, number> = {};
	const byCategory: Record<string, number> = {};
	for (const c of done) {
		addCounts(byRule, c.byRule);
		addCounts(byCategory, c.byCategory);
	}
	const autoResolved = total((e) => e.autoResolved);
	const escalated = total((e) => e.escalated);
	const discrepancies = total((e) => e.discrepancies);
	const before = cycles.filter((c) => c.at < span.untilMs);
	const last = before.length ? before[before.length - 1].at : null;
	return {
		cycles: {
			run: inWeek.length,
			completed: done.length,
			aborted: inWeek.length - done.length,
			discrepancies,
			autoResolved,
			escalated,
			discrepanciesPerCycle: ratio(discrepancies, done.length),
			autoResolutionRate: ratio(autoResolved, autoResolved + escalated),
			perCycle: inWeek.map((c) => c.entry),
			lastStartedAt: last === null ? null : isoIn(last, timeZone),
		},
		autoResolved: { total: autoResolved, byRule: ordered(byRule, RULES) },
		escalationDecisions: { total: escalated, byCategory: ordered(byCategory) },
	};
}

export function cycleMetrics(source: RowSource, weeks: readonly WeekSpan[], timeZone: string, warnings: Warnings): CycleWeek[] {
	const cycles = readCycles(source, timeZone, warnings);
	return weeks.map((span) => weekOf(cycles, span, timeZone));
}

/** Fast-loop auto-resolutions by rule from resolution rows; null when there are none to read. */
export function fastLoopResolutions(source: RowSource, weeks: readonly WeekSpan[], warnings: Warnings): Array<AutoResolvedMetrics['fastLoop']> {
	if (!source.has('reconcile_resolutions')) return weeks.map(() => null);
	const out = weeks.map(() => ({ total: 0, byRule: {} as Record<string, number> }));
	source.each('reconcile_resolutions', (row, index) => {
		const at = toTime(row.at);
		if (at === null) return warnings.add('reconcile_resolutions', 'at is missing or not a time: row skipped', index, row);
		const w = weeks.findIndex((s) => at >= s.startMs && at < s.untilMs);
		if (w < 0 || toText(row.loop) !== 'fast' || toText(row.action) === 'escalate' || toBoolean(row.dryRun) === true) return;
		out[w].total++;
		bump(out[w].byRule, toText(row.rule) || UNKNOWN);
	});
	return out.map((f) => ({ total: f.total, byRule: ordered(f.byRule, RULES) }));
}
