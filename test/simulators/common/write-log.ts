/**
 * Every write either simulator accepted, API or "UI", with old and new values. Soak tests read it to
 * prove that automation never wrote a field the policy reserves for a person (escalate rules).
 */
export type Channel = 'api' | 'ui';

export interface WriteLogEntry {
	seq: number;
	/** ISO time from the simulator clock. */
	time: string;
	system: 'hubspot' | 'salesforce';
	channel: Channel;
	/** Who wrote: the integration (app id / integration user id) or a human user id. */
	actor: string;
	object: string;
	id: string;
	op: 'create' | 'update' | 'delete';
	/** Every field the request wrote, changed or not. */
	fields: Record<string, { old: unknown; new: unknown }>;
	/** The subset whose value actually changed. */
	changed: string[];
}

export class WriteLog {
	private entries: WriteLogEntry[] = [];

	append(entry: Omit<WriteLogEntry, 'seq'>): WriteLogEntry {
		const full = { seq: this.entries.length + 1, ...entry };
		this.entries.push(full);
		return full;
	}

	/** Entries with `seq > since`, oldest first. */
	since(since = 0): WriteLogEntry[] {
		return this.entries.slice(Math.max(0, since));
	}

	clear(): void {
		this.entries = [];
	}
}
