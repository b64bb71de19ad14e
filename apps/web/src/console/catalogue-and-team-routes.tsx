import { lazy } from 'react';
import { Route } from 'wouter';

const ItemsPage = lazy(() => import('./catalogue/items-page'));
const ItemEditorPage = lazy(() => import('./catalogue/item-editor-page'));
const TeamPage = lazy(() => import('./team/team-page'));
const CollectiveAuditPage = lazy(() => import('./team/audit-page'));
const AcceptInvitePage = lazy(() => import('./team/accept-invite-page'));

/** The console's catalogue and team screens, under /console, as routes for its Switch. */
export function catalogueAndTeamRoutes() {
  return [
    <Route key="items" path="/collectives/:collective/items" component={ItemsPage} />,
    <Route key="item-new" path="/collectives/:collective/items/new" component={ItemEditorPage} />,
    <Route key="item" path="/collectives/:collective/items/:itemId" component={ItemEditorPage} />,
    <Route key="team" path="/collectives/:collective/team" component={TeamPage} />,
    <Route
      key="audit"
      path="/collectives/:collective/team/audit"
      component={CollectiveAuditPage}
    />,
    <Route key="accept" path="/invites/accept" component={AcceptInvitePage} />,
  ];
}
