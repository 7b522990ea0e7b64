// Shows or hides an element in the top layer (the Popover API), where the browser has it.
export function popover(element, open) {
  try {
    if (open) element.showPopover?.();
    else element.hidePopover?.();
  } catch {
    // already so, or not connected yet
  }
}
