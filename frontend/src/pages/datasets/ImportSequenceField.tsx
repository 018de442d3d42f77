import { useAsync } from "../../lib/hooks";
import { listSequences } from "../../sequences/api";

interface Props {
  projectId: number;
  value: number | null;
  onChange: (sequence: number | null) => void;
}

/** The sequence a DAVIS, YouTube-VIS or MOTS file is read into: the project's decoded ones. */
export function ImportSequenceField({ projectId, value, onChange }: Props) {
  const sequences = useAsync((signal) => listSequences(projectId, signal), [projectId]);
  const ready = (sequences.data ?? []).filter((s) => s.status === "ready");
  return (
    <label className="field">
      <span>Into sequence</span>
      <select
        data-testid="import-sequence"
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
      >
        <option value="">{sequences.loading ? "Loading…" : ready.length ? "Choose a sequence" : "No decoded sequence"}</option>
        {ready.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.frame_count} frames)
          </option>
        ))}
      </select>
      <span className="field-help">Frames are matched by index; tracks keep their ids.</span>
    </label>
  );
}
