import { SHORTCUTS, helpOpen } from '../shortcuts.js';
import { useBox } from '../store.js';

export function Help() {
  const open = useBox(helpOpen);
  if (!open) return null;
  return (
    <div class="overlay" onClick={() => helpOpen.set(false)}>
      <div class="dialog" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table class="keys">
          <tbody>
            {SHORTCUTS.map(([key, what]) => (
              <tr key={key}>
                <td>
                  {key.split(' ').map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => helpOpen.set(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
