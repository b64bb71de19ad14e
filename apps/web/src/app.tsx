import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { Layout } from './ui/layout';
import { Loading } from './ui/status';
import { NotFoundPage } from './ui/not-found-page';

// Each screen is its own chunk: a fan opening a drop page downloads the shell and that page only.
const HomePage = lazy(() => import('./storefront/pages/home-page'));
const DropPage = lazy(() => import('./storefront/pages/drop-page'));
const HoldPage = lazy(() => import('./storefront/pages/hold-page'));
const CheckoutSuccessPage = lazy(() => import('./storefront/pages/checkout-success-page'));
const CheckoutCancelledPage = lazy(() => import('./storefront/pages/checkout-cancelled-page'));
const AccountPage = lazy(() => import('./storefront/pages/account-page'));
const OrderPage = lazy(() => import('./storefront/pages/order-page'));
const CertificatePage = lazy(() => import('./storefront/pages/certificate-page'));
const FairnessPage = lazy(() => import('./storefront/pages/fairness-page'));
const WaitingRoomPage = lazy(() => import('./storefront/pages/waiting-room-page'));
const SignInPage = lazy(() => import('./storefront/pages/sign-in-page'));
const SignUpPage = lazy(() => import('./storefront/pages/sign-up-page'));
const ResetPasswordPage = lazy(() => import('./storefront/pages/reset-password-page'));
const SetupPage = lazy(() => import('./monitor/pages/setup-page'));
// The collective console (issue #14) and the admin monitor (issue #15) mount their own routers.
const ConsoleArea = lazy(() => import('./console/console-area'));
const MonitorArea = lazy(() => import('./monitor/monitor-area'));

/**
 * Every client-side route. The API serves the page shell for these paths (WEB_PAGE_ROUTES in
 * libs/platform/src/http/web-app.ts): a new area adds its prefix in both places.
 */
export function App() {
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/" component={HomePage} />
          <Route path="/signin" component={SignInPage} />
          <Route path="/signup" component={SignUpPage} />
          <Route path="/reset-password" component={ResetPasswordPage} />
          <Route path="/setup" component={SetupPage} />
          <Route path="/account" component={AccountPage} />
          <Route path="/account/orders/:orderId" component={OrderPage} />
          <Route path="/drop/:dropId" component={DropPage} />
          <Route path="/drop/:dropId/room" component={WaitingRoomPage} />
          <Route path="/drop/:dropId/holds/:holdId" component={HoldPage} />
          <Route path="/checkout/success" component={CheckoutSuccessPage} />
          <Route path="/checkout/cancelled" component={CheckoutCancelledPage} />
          <Route path="/certificates/:variantId/:serial" component={CertificatePage} />
          <Route path="/fairness/:dropId" component={FairnessPage} />
          <Route path="/console" nest component={ConsoleArea} />
          <Route path="/monitor" nest component={MonitorArea} />
          <Route component={NotFoundPage} />
        </Switch>
      </Suspense>
    </Layout>
  );
}
