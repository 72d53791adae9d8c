"""What other processes see of a running meeting: the file followed by watch and room
(``follow``), the room and co-facilitator views drawn from it (``room_view``,
``cofacilitator``), raised hands and nudges (``inbox``, ``raised``), and the browser
view (``serve``, ``serve_web``). No Textual."""
