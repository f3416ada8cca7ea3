/** "Check known people": leave-one-out, look-alikes, odd photos, each with a one-click fix, and the trade-off plot. */
import { useAppState, useController } from '../../state/context';
import { selectAutoTolerance, selectGalleryCheck, selectTolerance } from '../../state/selectors';
import { TradeOffPlot } from './TradeOffPlot';

/** A new person's name for a photo split off its person: its file name without the extension. */
const fileStem = (file: string) => file.replace(/\.[^.]*$/, '') || file;

export function GalleryCheckButton() {
  const controller = useController();
  const open = useAppState((s) => s.galleryCheckOpen);
  const known = useAppState((s) => s.known.length);
  return (
    <button type="button" className="button" disabled={known < 2} aria-expanded={open} onClick={() => controller.showGalleryCheck(!open)}>
      {open ? 'Close the check' : 'Check known people'}
    </button>
  );
}

export function GalleryCheckReport() {
  const controller = useController();
  const open = useAppState((s) => s.galleryCheckOpen);
  if (!open) return null;
  return <Report onClose={() => controller.showGalleryCheck(false)} />;
}

function Report({ onClose }: { onClose: () => void }) {
  const controller = useController();
  const { check, curve } = useAppState(selectGalleryCheck);
  const tolerance = useAppState(selectTolerance);
  const auto = useAppState(selectAutoTolerance);
  const known = useAppState((s) => s.known);
  const fileOf = new Map(known.map((k) => [k.id, k.sourceFile]));
  const totals = check.people.reduce((t, p) => ({ right: t.right + p.right, wrong: t.wrong + p.wrong, unknown: t.unknown + p.unknown }), {
    right: 0,
    wrong: 0,
    unknown: 0,
  });
  const troubled = check.people.filter((p) => p.wrong + p.unknown > 0);
  return (
    <section className="check" aria-labelledby="check-heading" data-testid="gallery-check">
      <h3 id="check-heading">Check of the known people at {tolerance.toFixed(2)}</h3>
      {check.people.length === 0 ? (
        <p>Nobody has two photos yet: add a few photos per person to check how they are recognised.</p>
      ) : (
        <p data-testid="check-summary">
          Each photo of the {check.people.length} people with two photos or more, matched against all the others:{' '}
          <strong>{totals.right} right</strong>, {totals.wrong} wrong, {totals.unknown} unknown.
        </p>
      )}
      {troubled.length > 0 && (
        <table className="check__table">
          <caption>People whose photos were not all recognised</caption>
          <thead>
            <tr>
              <th scope="col">person</th>
              <th scope="col">right</th>
              <th scope="col">wrong</th>
              <th scope="col">unknown</th>
            </tr>
          </thead>
          <tbody>
            {troubled.map((p) => (
              <tr key={p.name}>
                <th scope="row">{p.name}</th>
                <td>{p.right}</td>
                <td>{p.wrong}</td>
                <td>{p.unknown}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Look-alikes</h4>
      {check.lookAlikes.length === 0 ? (
        <p>No two people come within the tolerance of each other.</p>
      ) : (
        <ul className="check__list" data-testid="look-alikes">
          {check.lookAlikes.map((l) => (
            <li key={`${l.a}|${l.b}`}>
              <strong>{l.a}</strong> and <strong>{l.b}</strong> look alike (closest photos {l.distance.toFixed(2)} apart): a photo
              of one may be named as the other.{' '}
              <button type="button" className="button button--small" onClick={() => void controller.manage.merge(l.b, l.a)}>
                They are the same person: merge {l.b} into {l.a}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h4>Photos that do not look like the rest of their person</h4>
      {check.odd.length === 0 ? (
        <p>Every photo looks like its person's other photos.</p>
      ) : (
        <ul className="check__list" data-testid="odd-photos">
          {check.odd.map((p) => {
            const file = fileOf.get(p.id) ?? p.id;
            const looksLike = p.other !== null && p.other.distance <= tolerance ? p.other : null;
            return (
              <li key={p.id} data-testid="odd-photo">
                <strong>{file}</strong> ({p.name}) is {p.own?.toFixed(2)} from {p.name}'s other photos
                {looksLike ? (
                  <>
                    {' '}
                    and looks like <strong>{looksLike.name}</strong> ({looksLike.distance.toFixed(2)}).{' '}
                    <button type="button" className="button button--small" onClick={() => void controller.manage.moveFace(p.id, looksLike.name)}>
                      Move to {looksLike.name}
                    </button>
                  </>
                ) : (
                  '.'
                )}{' '}
                <button type="button" className="button button--small" onClick={() => void controller.manage.moveFace(p.id, fileStem(file))}>
                  Make it a person of its own ({fileStem(file)})
                </button>{' '}
                <button type="button" className="button button--small" onClick={() => void controller.manage.removeFace(p.id)}>
                  Remove this photo
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <h4>Names as the tolerance moves</h4>
      <TradeOffPlot curve={curve} tolerance={tolerance} auto={auto?.tolerance ?? null} />
      <button type="button" className="button" onClick={onClose}>
        Close the check
      </button>
    </section>
  );
}
