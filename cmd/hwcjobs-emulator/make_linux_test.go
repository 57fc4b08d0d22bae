package main

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal: its controlling side and the terminal a
// process gets as its own.
func openPTY(t *testing.T) (control, term *os.File) {
	t.Helper()
	control, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	var unlock int32
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, control.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("TIOCSPTLCK: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, control.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("TIOCGPTN: %v", e)
	}
	term, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return control, term
}

// Ctrl-C typed in the terminal of make emulator stops the emulator, and
// make ends with exit status 0, without a "make: ***" line.
func TestMakeEmulatorCtrlC(t *testing.T) {
	makePath, err := exec.LookPath("make")
	if err != nil {
		t.Fatal("make is not on PATH")
	}
	control, term := openPTY(t)
	defer func() { _ = control.Close() }()
	cmd := exec.Command(makePath, "-C", "../..", "--no-print-directory", "emulator", "EMULATOR_FLAGS=-addr 127.0.0.1:0 -seed empty")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = term, term, term
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = term.Close()

	var mu sync.Mutex
	var out bytes.Buffer
	read := func() string { mu.Lock(); defer mu.Unlock(); return out.String() }
	drained := make(chan struct{}) // the terminal's output, to its end
	go func() {
		defer close(drained)
		buf := make([]byte, 4096)
		for {
			n, err := control.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(time.Minute)
	for !strings.Contains(read(), "Ctrl-C stops") {
		select {
		case err := <-done:
			t.Fatalf("make emulator ended (%v):\n%s", err, read())
		case <-deadline:
			t.Fatalf("make emulator did not start:\n%s", read())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if _, err := control.Write([]byte{3}); err != nil { // Ctrl-C
		t.Fatal(err)
	}
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("make emulator still runs after Ctrl-C:\n%s", read())
	}
	// The read ends once no process holds the terminal any more.
	select {
	case <-drained:
	case <-time.After(30 * time.Second):
		t.Fatalf("a process still holds the terminal after make ended:\n%s", read())
	}
	if err != nil || strings.Contains(read(), "make: ***") || !strings.Contains(read(), "stopped") {
		t.Fatalf("make emulator after Ctrl-C: %v\n%s", err, read())
	}
}
