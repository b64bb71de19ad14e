import { lazy } from 'react';
import { Route } from 'wouter';

const DropsPage = lazy(() => import('./drops/drops-page'));
const DropEditorPage = lazy(() => import('./drops/drop-editor-page'));
const DropLivePage = lazy(() => import('./drops/drop-live-page'));
const OrdersPage = lazy(() => import('./orders/orders-page'));
const OrderPage = lazy(() => import('./orders/order-page'));

/**
 * The console's drops and orders screens, under /console. Returned as an array of routes so
 * the console's Switch matches them directly.
 */
export function dropsAndOrdersRoutes() {
  return [
    <Route key="drops" path="/collectives/:collective/drops" component={DropsPage} />,
    <Route key="drop-new" path="/collectives/:collective/drops/new" component={DropEditorPage} />,
    <Route
      key="drop-live"
      path="/collectives/:collective/drops/:dropId/live"
      component={DropLivePage}
    />,
    <Route key="drop" path="/collectives/:collective/drops/:dropId" component={DropEditorPage} />,
    <Route key="orders" path="/collectives/:collective/orders" component={OrdersPage} />,
    <Route key="order" path="/collectives/:collective/orders/:orderId" component={OrderPage} />,
  ];
}
