/** Number 1: fast-loop deliveries by source and direction, with their outcomes. */
import { bump, countReader, isBlank, toNumber, toText, toTime, type Row, type Warnings } from './read';
import { distribution, ordered, perDay, ratio } from './stats';
import type { DirectionMetrics, EventMetrics } from './types';
import { weekIndex, type WeekSpan } from './week';
import type { RowSource } from './source';

const TABLE = 'reconcile_events';
/** The outcomes the fast loop writes, in the order the dashboard shows them. */
export const OUTCOMES = ['written', 'no_change', 'echo', 'rejected_signature', 'rejected', 'failed'] as const;
const COUNTS = ['events', 'records', 'written', 'unchanged', 'failed', 'escalated'] as const;

export const SYSTEM_LABELS: Readonly<Record<string, string>> = { hubspot: 'HubSpot', salesforce: 'Salesforce', items: 'Items' };

export function systemLabel(system: string, labels: Readonly<Record<string, string>> = {}): string {
	return labels[system] ?? SYSTEM_LABELS[system] ?? (system === '' ? 'Unknown' : system);
}

export function emptyDirection(source: string, target: string, labels: Readonly<Record<string, string>>): DirectionMetrics {
	const label = `${systemLabel(source, labels)} → ${systemLabel(target, labels)}`;
	return { source, target, label, deliveries: 0, events: 0, records: 0, written: 0, unchanged: 0, failed: 0, echoes: 0, duplicates: 0, byOutcome: {} };
}

/** `hubspot→salesforce`, also from `->`, ` to `, `_to_`; falls back to the source and the other system. */
function directionOf(row: Row, systems: readonly string[] | undefined): { source: string; target: string } | null {
	const text = toText(row.direction).trim().toLowerCase();
	const parts = text.split(/\s*(?:→|->|=>|_to_|\sto\s)\s*/);
	if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') return { source: parts[0], target: parts[1] };
	const source = toText(row.source).trim().toLowerCase();
	const other = systems?.find((s) => s !== source);
	return source !== '' && other !== undefined && systems?.includes(source) ? { source, target: other } : null;
}

class EventTally {
	readonly m: EventMetrics;
	readonly latencies: number[] = [];
	readonly seeded: string[] = [];

	constructor(systems: readonly [string, string] | undefined, labels: Readonly<Record<string, string>>) {
		this.m = { deliveries: 0, events: 0, records: 0, written: 0, unchanged: 0, failed: 0, escalated: 0, deliveriesPerDay: null, failureRate: null, byOutcome: {}, byDirection: {}, writeLatencyMs: distribution([]) };
		if (systems !== undefined) {
			const [a, b] = systems;
			this.m.byDirection[`${a}→${b}`] = emptyDirection(a, b, labels);
			this.m.byDirection[`${b}→${a}`] = emptyDirection(b, a, labels);
			this.seeded.push(`${a}→${b}`, `${b}→${a}`);
		}
	}
}

interface Reader {
	warnings: Warnings;
	count: ReturnType<typeof countReader>;
	directions: (row: Row) => { source: string; target: string } | null;
}

interface ParsedEvent {
	direction: string;
	source: string;
	target: string;
	outcome: string;
	counts: Record<(typeof COUNTS)[number], number>;
	echoes: number;
	duplicates: number;
	latency: number | null;
}

/** Reads one row's columns (the time is read by the caller); what is missing or unreadable is reported. */
function readEvent(row: Row, index: number, { warnings, count, directions }: Reader): ParsedEvent {
	let direction = directions(row);
	if (direction === null) {
		warnings.add(TABLE, 'direction is missing or unreadable: counted under "unknown"', index, row);
		direction = { source: toText(row.source).toLowerCase() || 'unknown', target: 'unknown' };
	}
	let outcome = toText(row.outcome).trim().toLowerCase();
	if (outcome === '') {
		warnings.add(TABLE, 'outcome is missing: counted as "unknown"', index, row);
		outcome = 'unknown';
	}
	const counts = { events: 0, records: 0, written: 0, unchanged: 0, failed: 0, escalated: 0 };
	for (const c of COUNTS) counts[c] = count(row, index, c);
	const latency = toNumber(row.latencyMs);
	if (outcome === 'written' && (latency === null || latency < 0) && !isBlank(row.latencyMs)) {
		warnings.add(TABLE, 'latencyMs is not a number: left out of the latency', index, row);
	}
	// Echoes and duplicates are optional detail; blank reads as 0 without a warning.
	const optional = (v: unknown) => toNumber(v) ?? 0;
	const key = `${direction.source}→${direction.target}`;
	return { direction: key, ...direction, outcome, counts, echoes: optional(row.echoes), duplicates: optional(row.duplicates), latency: latency !== null && latency >= 0 ? latency : null };
}

/** Parsing a direction is a regex; a table holds a handful of distinct values, so parse each once. */
function cachedDirections(systems: readonly [string, string] | undefined): (row: Row) => { source: string; target: string } | null {
	const cache = new Map<unknown, Map<unknown, { source: string; target: string } | null>>();
	return (row) => {
		let bySource = cache.get(row.direction);
		if (bySource === undefined) cache.set(row.direction, (bySource = new Map()));
		let found = bySource.get(row.source);
		if (found === undefined) bySource.set(row.source, (found = directionOf(row, systems)));
		return found;
	};
}

function add(tally: EventTally, e: ParsedEvent, labels: Readonly<Record<string, string>>): void {
	const { m, latencies } = tally;
	const d = (m.byDirection[e.direction] ??= emptyDirection(e.source, e.target, labels));
	m.deliveries++;
	d.deliveries++;
	bump(m.byOutcome, e.outcome);
	bump(d.byOutcome, e.outcome);
	// Spelled out: property writes by a variable key are several times slower over 100,000 rows.
	const n = e.counts;
	m.events += n.events;
	m.records += n.records;
	m.written += n.written;
	m.unchanged += n.unchanged;
	m.failed += n.failed;
	m.escalated += n.escalated;
	d.events += n.events;
	d.records += n.records;
	d.written += n.written;
	d.unchanged += n.unchanged;
	d.failed += n.failed;
	d.echoes += e.echoes;
	d.duplicates += e.duplicates;
	if (e.outcome === 'written' && e.latency !== null) latencies.push(e.latency);
}

/** Tallies the event rows of both weeks in one pass. */
export function eventMetrics(source: RowSource, weeks: readonly WeekSpan[], warnings: Warnings, systems: readonly [string, string] | undefined, labels: Readonly<Record<string, string>>): EventMetrics[] {
	const tallies = weeks.map(() => new EventTally(systems, labels));
	const reader: Reader = { warnings, count: countReader(warnings, TABLE), directions: cachedDirections(systems) };
	source.each(TABLE, (row, index) => {
		const at = toTime(row.receivedAt);
		if (at === null) return warnings.add(TABLE, 'receivedAt is missing or not a time: row skipped', index, row);
		const w = weekIndex(weeks, at);
		if (w >= 0) add(tallies[w], readEvent(row, index, reader), labels);
	});
	return tallies.map((tally, w) => finish(tally, weeks[w].window.elapsedDays));
}

function finish(tally: EventTally, elapsedDays: number): EventMetrics {
	const { m, latencies, seeded } = tally;
	const failed = m.byOutcome.failed ?? 0;
	// Policy directions first, then any others sorted, whatever order the rows came in.
	const keys = [...seeded, ...Object.keys(m.byDirection).filter((k) => !seeded.includes(k)).sort()];
	const byDirection: Record<string, DirectionMetrics> = {};
	for (const key of keys) byDirection[key] = { ...m.byDirection[key], byOutcome: ordered(m.byDirection[key].byOutcome, OUTCOMES) };
	return {
		...m,
		byDirection,
		deliveriesPerDay: perDay(m.deliveries, elapsedDays),
		failureRate: ratio(failed, m.deliveries),
		byOutcome: ordered(m.byOutcome, OUTCOMES),
		writeLatencyMs: distribution(latencies),
	};
}
