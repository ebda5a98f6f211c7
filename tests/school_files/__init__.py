"""Files like the ones schools really have, made by the tests: Excel lists, aSc XML."""
