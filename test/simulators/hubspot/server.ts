/** Starts a HubSpot simulator on a real HTTP port. */
import { Router } from '../common/http';
import { registerHubSpotControl } from './control';
import { hsError } from './errors';
import { HubSpotSim, type HubSpotSimOptions } from './sim';

/** Starts the simulator (port 0 = a free port); the returned sim has `url`, `close()` and the control methods. */
export async function startHubSpotSim(opts: HubSpotSimOptions = {}): Promise<HubSpotSim> {
	const sim = new HubSpotSim(opts);
	const control = new Router();
	registerHubSpotControl(control, sim);
	await sim.listen(sim.router(), control, {
		keyParams: ['objectType'],
		jsonType: 'application/json;charset=utf-8',
		notFound: (req) => hsError(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${req.path}`, sim.ctx.correlationId()),
		check: (req, match) => sim.check(req, match),
		decorate: (_req, match, res) => {
			// Search responses and auth/limit failures carry no rate-limit counters.
			const search = match?.route.template.endsWith('/search') ?? false;
			if (res.status !== 401 && res.status !== 429 && !search) res.headers = { ...sim.limiter.headers(), ...res.headers };
		},
	});
	return sim;
}
