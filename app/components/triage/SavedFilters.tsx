import { Form, Link } from "@remix-run/react";

interface Saved {
  id: string;
  name: string;
  query: string;
}

/** The person's saved queue views, beside the queue: open one, delete one, save the current one. */
export function SavedFilters({ saved, current, error }: { saved: Saved[]; current: string; error?: string | null }) {
  return (
    <aside className="card saved-filters" aria-labelledby="saved-h">
      <h2 id="saved-h">Saved filters</h2>
      {saved.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul>
          {saved.map((s) => (
            <li key={s.id}>
              <Link to={`/cases${s.query ? `?${s.query}` : ""}`}>{s.name}</Link>{" "}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="delete_filter" />
                <input type="hidden" name="id" value={s.id} />
                <button type="submit" className="link-button" aria-label={`Delete saved filter ${s.name}`}>Delete</button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post">
        <input type="hidden" name="intent" value="save_filter" />
        <input type="hidden" name="query" value={current} />
        <div className="field">
          <label htmlFor="saved-name">Save these filters as</label>
          <input id="saved-name" name="name" type="text" maxLength={80} required aria-invalid={Boolean(error)} aria-describedby={error ? "saved-name-error" : undefined} />
          {error && <p className="error" id="saved-name-error">{error}</p>}
        </div>
        <button type="submit">Save filter</button>
      </Form>
    </aside>
  );
}
