// Holds auto-segment requests until the project's backend list has arrived: before it, the page does not
// know whether the default is a SAM-family model, and a click answered by the fallback (GrabCut) would show
// a worse mask that nothing asks again for once the model is known.

export class BackendGate {
  private known: boolean;
  private held = false;

  /** `known`: the backend is already settled (the labeler's own stored choice). */
  constructor(known: boolean) {
    this.known = known;
  }

  /** True when a request may go out now; false when it is held until open(). */
  pass(): boolean {
    if (this.known) return true;
    this.held = true;
    return false;
  }

  /** The list arrived (or failed): true when a request was held and should be asked again. */
  open(): boolean {
    this.known = true;
    const held = this.held;
    this.held = false;
    return held;
  }
}
