import { EngineStatus } from './EngineStatus';
import { OfflineStatus } from './OfflineStatus';

export function Header() {
  return (
    <header className="header">
      <div className="header__brand">
        <h1 className="header__title">Facewise</h1>
        <p className="header__tagline">Face recognition in your browser. Your photos never leave this computer.</p>
      </div>
      <EngineStatus />
      <OfflineStatus />
    </header>
  );
}
