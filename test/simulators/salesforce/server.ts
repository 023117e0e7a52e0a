/** Starts a Salesforce simulator on a real HTTP port. */
import { Router } from '../common/http';
import { registerSalesforceControl } from './control';
import { notFound } from './errors';
import { SalesforceSim, type SalesforceSimOptions } from './sim';

/** Starts the simulator (port 0 = a free port); `url` is both the login URL and the instance URL. */
export async function startSalesforceSim(opts: SalesforceSimOptions = {}): Promise<SalesforceSim> {
	const sim = new SalesforceSim(opts);
	const control = new Router();
	registerSalesforceControl(control, sim);
	await sim.listen(sim.router(), control, {
		keyParams: ['version', 'sobject'],
		jsonType: 'application/json;charset=UTF-8',
		notFound: () => notFound(),
		check: (req, match) => sim.check(req, match),
		decorate: (req, _match, res) => {
			if (req.principal) res.headers = { 'Sforce-Limit-Info': sim.limit.header(), ...res.headers };
		},
	});
	return sim;
}
