/** What the Salesforce route handlers share. */
import type { FaultInjector } from '../common/faults';
import type { SimRequest } from '../common/http';
import type { Clock } from '../common/types';
import type { SfObjectSchema, SfSchema } from './schema';
import type { SalesforceStore, SfActor } from './store';
import type { ValueContext } from './values';

export interface SfContext {
	store: SalesforceStore;
	schema(): SfSchema;
	clock: Clock;
	faults: FaultInjector;
	/** The API user of the request (the token's user: the integration). */
	actor(req: SimRequest): SfActor;
}

export function valueContext(ctx: SfContext, object: string): ValueContext {
	return {
		exists: (o, id) => ctx.store.exists(o, id),
		uniqueOwner: (field, value, self) => {
			const other = ctx.store.findUnique(object, field, value);
			const id = other ? String(other.values.Id) : undefined;
			return id !== undefined && id !== self ? id : undefined;
		},
	};
}

/** The writable data objects (history objects and User are read-only through the API). */
export function writable(ctx: SfContext, name: string): SfObjectSchema | undefined {
	const o = ctx.schema().get(name);
	return o && o.createable ? o : undefined;
}
