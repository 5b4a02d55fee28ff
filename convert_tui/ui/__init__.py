"""The Textual explorer. Entry: `convert_tui.ui.app.ConvertApp`.

Adding a screen (forms, report, variation editor):
- Read data from `app.state` (`convert_tui.state.AppState`) and subscribe with
  `self.watch(app.state, "<var>", callback)`; change data only through its methods
  (`create/update/delete(kind, ...)`, `set_experience_status`, `add_variation`, ...), passing
  `on_success=` to react (e.g. `self.dismiss`). They refuse in read-only mode by themselves.
- Open it from anywhere by posting a message of `ui/messages.py`; `ui/app.py` maps each message
  to a "module:Class" in `EXTENSION_SCREENS`, so a new screen only needs its module.
- Show API text with `ui/text.py` (`plain()`, `clean()`): never format it into markup.
"""
