import type { Router } from 'express';
import { apiOk } from '../api.ts';
import { tokenOf } from '../auth.ts';
import type { Screen } from '../screen.ts';

/** 4. The order page: the order as a timeline of its documents, with the actions the user's roles may take. */
export const orderScreen: Screen = {
  mount(router: Router) {
    router.get('/orders/:number', async (req, res) => {
      const number = encodeURIComponent(String(req.params.number));
      const order = await apiOk<Record<string, any>>(tokenOf(res), 'GET', `/orders/${number}`);
      res.render('order', { title: `${res.locals.t('orders.title')} ${order.number}`, order });
    });
  },
};
