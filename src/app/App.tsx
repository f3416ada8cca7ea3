import { Notices } from '../components/Notices';
import { IdentifyPanel } from '../features/identify/IdentifyPanel';
import { EraseEverything } from '../features/data/EraseEverything';
import { PeoplePanel } from '../features/people/PeoplePanel';
import { WhoIsThisPanel } from '../features/groups/WhoIsThisPanel';
import { useAppState, useController } from '../state/context';
import { Announcer } from './Announcer';
import { Header } from './Header';
import { UndoLatest } from './UndoLatest';

function AppNotices() {
  const controller = useController();
  const notices = useAppState((s) => s.notices);
  return (
    <Notices
      notices={notices}
      onDismiss={(id) => controller.dismissNotice(id)}
      onUndo={(id) => void controller.manage.undo(id)}
    />
  );
}

export function App() {
  return (
    <div className="app">
      <Header />
      <AppNotices />
      <UndoLatest />
      <Announcer />
      <main className="layout">
        <PeoplePanel />
        <IdentifyPanel />
        <WhoIsThisPanel />
      </main>
      <EraseEverything />
    </div>
  );
}
