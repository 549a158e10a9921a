// Command fakeportal serves the tests' fake Bitrix24 (verifytest) on a
// fixed address, for a black-box run of the real binary's --verify: map
// a portal's name to its address in /etc/hosts, point SSL_CERT_FILE at
// the CA it writes, and every code given with -live answers as a live
// webhook of user 1 (an administrator); any other as INVALID_CREDENTIALS.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/b24leaks/b24leaks/scanner/verify/verifytest"
)

func main() {
	addr := pflag.String("addr", "127.0.0.1:443", "address to listen on")
	caFile := pflag.String("ca", "", "write the CA certificate (PEM) to `FILE`")
	live := pflag.StringSlice("live", nil, "webhook `CODE`s that answer as live")
	pflag.Parse()
	fp, err := verifytest.Start(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeportal:", err)
		os.Exit(2)
	}
	defer fp.Close()
	for _, code := range *live {
		fp.Behaviour[code] = verifytest.Live("1", true, "crm", "user")
	}
	if *caFile != "" {
		if err := os.WriteFile(*caFile, fp.CAPEM, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "fakeportal:", err)
			os.Exit(2)
		}
	}
	fmt.Println("fakeportal: serving on", fp.Srv.Listener.Addr())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
}
