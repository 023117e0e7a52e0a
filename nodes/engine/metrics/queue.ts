/** Numbers 4 and 5: new operator escalations by category; queue depth, oldest item, time to resolution. */
import { bump, toNumber, toText, toTime, type Warnings } from './read';
import type { RowSource } from './source';
import { distribution, histogram, ordered, perDay } from './stats';
import type { EscalatedMetrics, QueueMetrics, TtrMetrics } from './types';
import { isoIn, type WeekSpan } from './week';

const TABLE = 'reconcile_queue';
const CLOSED = ['resolved', 'dismissed', 'resolved_upstream'] as const;

interface Item {
	queueId: string;
	key: string;
	field: string;
	category: string;
	status: 'open' | (typeof CLOSED)[number];
	firstSeen: number;
	/** Closed items: when; null for open items (and closed ones with an unreadable time, reported). */
	closed: number | null;
	ttrSeconds: number | null;
}

export interface QueueWeek {
	escalated: Omit<EscalatedMetrics, 'cycleDecisions' | 'cycleDecisionsByCategory'>;
	queue: QueueMetrics;
	ttr: TtrMetrics;
}

/** First seen → closed from the timestamps, else the row's own ttrSeconds. */
function ttrOf(firstSeen: number, closed: number | null, stored: unknown): number | null {
	if (closed !== null) return Math.max(0, Math.round((closed - firstSeen) / 1000));
	const n = toNumber(stored);
	return n !== null && n >= 0 ? n : null;
}

function readItems(source: RowSource, warnings: Warnings): Item[] {
	const items: Item[] = [];
	source.each(TABLE, (row, index) => {
		const status = toText(row.status).trim().toLowerCase();
		if (status !== 'open' && !(CLOSED as readonly string[]).includes(status)) {
			return warnings.add(TABLE, `status is not one of open, ${CLOSED.join(', ')}: row skipped`, index, row);
		}
		const firstSeen = toTime(row.firstSeenAt);
		if (firstSeen === null) return warnings.add(TABLE, 'firstSeenAt is missing or not a time: row skipped', index, row);
		const closedAt = status === 'open' ? null : toTime(row.resolvedAt);
		if (status !== 'open' && closedAt === null) {
			warnings.add(TABLE, 'closed item without a readable resolvedAt: left out of time to resolution', index, row);
		}
		items.push({
			queueId: toText(row.queueId),
			key: toText(row.key),
			field: toText(row.field),
			category: toText(row.category) || 'uncategorised',
			status: status as Item['status'],
			firstSeen,
			closed: closedAt,
			ttrSeconds: status === 'open' ? null : ttrOf(firstSeen, closedAt, row.ttrSeconds),
		});
	});
	return items;
}

/**
 * Open at instant t: first seen by then and not closed by then. Items closed without a time count as
 * closed (the row says so); reopened items restart at their new firstSeenAt (the queue keeps no history).
 */
function openAt(item: Item, t: number): boolean {
	return item.firstSeen <= t && (item.status === 'open' || (item.closed !== null && item.closed > t));
}

function snapshot(items: readonly Item[], at: number, timeZone: string): QueueMetrics {
	const open = items.filter((i) => openAt(i, at));
	const openByCategory: Record<string, number> = {};
	let oldest: Item | null = null;
	for (const item of open) {
		bump(openByCategory, item.category);
		if (oldest === null || item.firstSeen < oldest.firstSeen || (item.firstSeen === oldest.firstSeen && item.queueId < oldest.queueId)) oldest = item;
	}
	return {
		asOf: isoIn(at, timeZone),
		open: open.length,
		openByCategory: ordered(openByCategory),
		oldestOpenSeconds: oldest === null ? null : Math.round((at - oldest.firstSeen) / 1000),
		oldest: oldest === null ? null : { queueId: oldest.queueId, key: oldest.key, field: oldest.field, category: oldest.category, firstSeenAt: isoIn(oldest.firstSeen, timeZone) },
		closedBy: {},
	};
}

function weekOf(items: readonly Item[], span: WeekSpan, timeZone: string): QueueWeek {
	const inWeek = (t: number | null) => t !== null && t >= span.startMs && t < span.untilMs;
	const opened = items.filter((i) => inWeek(i.firstSeen));
	const byCategory: Record<string, number> = {};
	for (const item of opened) bump(byCategory, item.category);
	const closed = items.filter((i) => inWeek(i.closed));
	const closedBy: Record<string, number> = {};
	for (const item of closed) bump(closedBy, item.status);
	const ttrs = closed.flatMap((i) => (i.ttrSeconds === null ? [] : [i.ttrSeconds]));
	return {
		escalated: { newItems: opened.length, newItemsPerDay: perDay(opened.length, span.window.elapsedDays), byCategory: ordered(byCategory) },
		queue: { ...snapshot(items, span.untilMs, timeZone), closedBy: ordered(closedBy, CLOSED) },
		ttr: { ...distribution(ttrs), method: 'nearest-rank', histogram: histogram(ttrs) },
	};
}

export function queueMetrics(source: RowSource, weeks: readonly WeekSpan[], timeZone: string, warnings: Warnings): QueueWeek[] {
	const items = readItems(source, warnings);
	return weeks.map((span) => weekOf(items, span, timeZone));
}
