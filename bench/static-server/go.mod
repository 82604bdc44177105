module gopin.bench/staticserver

go 1.22
