/** Salesforce identifiers and timestamps as both push mechanisms carry them. */
import type { ChangeEvent } from './types';

const SF_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** sObject API names: standard (`Contact`) and custom (`Invoice__c`, `ns__Thing__c`). */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

export function isSalesforceId(value: unknown): value is string {
	return typeof value === 'string' && SF_ID.test(value);
}

export function isApiName(value: unknown): value is string {
	return typeof value === 'string' && API_NAME.test(value);
}

/**
 * The 15-character form is case-sensitive and the 18-character form only appends a checksum of it,
 * so two ids name the same record exactly when their first 15 characters are equal.
 */
export function sameSalesforceId(a: string, b: string): boolean {
	return isSalesforceId(a) && isSalesforceId(b) && a.slice(0, 15) === b.slice(0, 15);
}

/** Epoch ms of an ISO datetime as Salesforce writes it (`…Z` in SOAP, `…+0000` in REST/Flow JSON). */
export function salesforceTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
	const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
	return Number.isNaN(ms) ? undefined : ms;
}

export interface SalesforceRecordRef {
	objectType: string;
	id: string;
	lastModifiedById: string | undefined;
	/** SystemModstamp, else LastModifiedDate. */
	modifiedAt: string | undefined;
}

/** A Salesforce record change as a ChangeEvent: echo when its last modifier is the integration user. */
export function salesforceEvent(
	ref: SalesforceRecordRef,
	opts: { key: string; eventId?: string; integrationUserId: string; dropEchoes: boolean; fallbackTime?: number },
): ChangeEvent {
	const echo =
		opts.dropEchoes && ref.lastModifiedById !== undefined && opts.integrationUserId !== '' && sameSalesforceId(ref.lastModifiedById, opts.integrationUserId);
	return {
		objectType: ref.objectType,
		id: ref.id,
		key: opts.key,
		occurredAt: salesforceTime(ref.modifiedAt) ?? opts.fallbackTime,
		echo,
		eventId: opts.eventId,
	};
}
