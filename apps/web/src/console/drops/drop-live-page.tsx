import { Link, useParams } from 'wouter';
import { usePageTitle } from '../../ui/use-page-title';
import { useCollectiveDrop } from './drop-hooks';
import { LiveDropView } from './live-drop-view';

export default function DropLivePage() {
  const { collective, dropId } = useParams<{ collective: string; dropId: string }>();
  const drop = useCollectiveDrop(collective, dropId);
  usePageTitle(drop.data ? `${drop.data.name}: live` : 'Live drop');
  return (
    <article className="stack">
      <p>
        <Link href={`/collectives/${collective}/drops/${dropId}`}>← The drop</Link>
      </p>
      <h1>{drop.data?.name ?? 'Live drop'}</h1>
      <LiveDropView collective={collective} dropId={dropId} />
    </article>
  );
}
