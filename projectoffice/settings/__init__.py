"""Settings modules: ``development`` (the default), ``test`` and ``production``; all read the environment."""
