"""Past meetings: the archive of what was kept, exports, the organisation report and the
trend figures drawn from it. No Textual."""
