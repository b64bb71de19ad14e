import { lazy } from 'react';
import { Route } from 'wouter';

const ShippingProfilesPage = lazy(() => import('./shipping/shipping-profiles-page'));
const ShippingProfileEditorPage = lazy(() => import('./shipping/shipping-profile-editor-page'));
const FulfilmentPage = lazy(() => import('./fulfilment/fulfilment-page'));

/** The console's shipping profiles and fulfilment screens (issue 18), as routes for its Switch. */
export function shippingAndFulfilmentRoutes() {
  return [
    <Route
      key="shipping"
      path="/collectives/:collective/shipping"
      component={ShippingProfilesPage}
    />,
    <Route
      key="shipping-new"
      path="/collectives/:collective/shipping/new"
      component={ShippingProfileEditorPage}
    />,
    <Route
      key="shipping-profile"
      path="/collectives/:collective/shipping/:profileId"
      component={ShippingProfileEditorPage}
    />,
    <Route
      key="fulfilment"
      path="/collectives/:collective/fulfilment"
      component={FulfilmentPage}
    />,
  ];
}
