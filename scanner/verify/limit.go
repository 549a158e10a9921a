package verify

import (
	"context"
	"sync"
	"time"
)

// Clock is the time the limiter and the retries wait on; tests replace it.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx ends.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// limiter spaces the requests to each portal at least interval apart:
// at most 2 a second for Bitrix24's 500 ms, in any window.
type limiter struct {
	clock    Clock
	interval time.Duration
	mu       sync.Mutex
	next     map[string]time.Time // portal → earliest time of its next request
}

func newLimiter(clock Clock, interval time.Duration) *limiter {
	return &limiter{clock: clock, interval: interval, next: map[string]time.Time{}}
}

// wait blocks until a request to portal may be sent, and books it.
func (l *limiter) wait(ctx context.Context, portal string) error {
	l.mu.Lock()
	now := l.clock.Now()
	at := l.next[portal]
	if at.Before(now) {
		at = now
	}
	l.next[portal] = at.Add(l.interval)
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return l.clock.Sleep(ctx, d)
	}
	return nil
}
