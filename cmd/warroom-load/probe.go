package main

import "time"

// probe is the server's memory and CPU at one moment.
type probe struct {
	at  time.Time
	rss int64
	cpu float64 // seconds used since it started
}

func (p serverProcess) probe() (probe, error) {
	rss, err := p.rssBytes()
	if err != nil {
		return probe{}, err
	}
	cpu, err := p.cpuSeconds()
	if err != nil {
		return probe{}, err
	}
	return probe{at: time.Now(), rss: rss, cpu: cpu}, nil
}

// startPhase probes the server at the start of a phase; with no server
// to watch it returns a zero probe.
func startPhase(server *serverProcess) (probe, error) {
	if server == nil {
		return probe{}, nil
	}
	return server.probe()
}

// cpuPerSecondSince is the share of one core the server used from start
// to p: 1.0 is a whole core.
func (p probe) cpuPerSecondSince(start probe) float64 {
	wall := p.at.Sub(start.at).Seconds()
	if wall <= 0 {
		return 0
	}
	return (p.cpu - start.cpu) / wall
}
