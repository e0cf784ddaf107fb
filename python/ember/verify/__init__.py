"""`ember verify`: one model, four executions, one agreement table."""
