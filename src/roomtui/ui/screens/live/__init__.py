"""The facilitator's live screen (``screen``) and the parts mixed into it: care keys,
group switching and the browser view's PIN."""
