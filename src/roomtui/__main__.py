from roomtui.cli import main

raise SystemExit(main())
