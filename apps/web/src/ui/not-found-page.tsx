import { Link } from 'wouter';
import { usePageTitle } from './use-page-title';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <section className="page narrow">
      <h1>Nothing here</h1>
      <p>
        This page does not exist. <Link href="/">See the drops</Link>
      </p>
    </section>
  );
}
