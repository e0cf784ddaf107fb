"""`ember report PROGRAM.pte -o report.html`: one static HTML page of what ember
knows about a program (time per operation, placement, memory map, sizes,
accuracy). Never imports torch."""
