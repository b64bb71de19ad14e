/** Says whether the figures on screen are following the stream or waiting to reconnect. */
export function LiveStatus({ connected }: { connected: boolean }) {
  return (
    <p className={connected ? 'live-status live' : 'live-status'} role="status">
      {connected ? 'Live: figures update as fans buy' : 'Reconnecting… figures may be behind'}
    </p>
  );
}
