/** Starts a HubSpot simulator on a real HTTP port. */
import { listen, Router } from '../common/http';
import { createPipeline } from '../common/pipeline';
import { registerHubSpotControl } from './control';
import { hsError } from './errors';
import { HubSpotSim, type HubSpotSimOptions } from './sim';

/** Starts the simulator (port 0 = a free port); the returned sim has `url`, `close()` and the control methods. */
export async function startHubSpotSim(opts: HubSpotSimOptions = {}): Promise<HubSpotSim> {
	const sim = new HubSpotSim(opts);
	const control = new Router();
	registerHubSpotControl(control, sim);
	const pipeline = createPipeline({
		api: sim.router(),
		control,
		counter: sim.counter,
		faults: sim.faultInjector,
		gate: {
			keyParams: ['objectType'],
			jsonType: 'application/json;charset=utf-8',
			notFound: (req) => hsError(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${req.path}`, sim.ctx.correlationId()),
			check: (req, match) => sim.check(req, match),
			decorate: (_req, match, res) => {
				// Search responses and auth/limit failures carry no rate-limit counters.
				const search = match?.route.template.endsWith('/search') ?? false;
				if (res.status !== 401 && res.status !== 429 && !search) res.headers = { ...sim.limiter.headers(), ...res.headers };
			},
		},
	});
	sim.attach(await listen(pipeline, opts.port ?? 0, opts.host));
	return sim;
}
