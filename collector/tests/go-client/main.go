// Command go-client runs HashiCorp's go-checkpoint client, checkpoint.Check, against a
// gitops-checkpoint collector on loopback, and prints what the library decoded.
//
// It is built by collector/tests/go_client.rs from the library as Debian packages it
// (golang-github-hashicorp-go-checkpoint-dev, go-checkpoint 0.5.0), in GOPATH mode with
// GOPATH=/usr/share/gocode, offline. No upstream code is copied here.
//
// go-checkpoint 0.5.0 has no setting for its endpoint: check.go builds
// https://checkpoint-api.hashicorp.com/v1/check/<product> itself. Its HTTP client is
// go-cleanhttp's DefaultClient, whose transport takes its proxy from the environment
// (http.ProxyFromEnvironment), and Go reads its trusted roots from SSL_CERT_FILE. So this
// program starts a CONNECT proxy on loopback that presents a certificate for that host,
// signed by a key made for this run and trusted through SSL_CERT_FILE, and pipes the
// decrypted bytes unchanged to the collector. What the collector receives is byte for byte
// what the library sent.
//
// Usage: go-client COLLECTOR_ADDR PRODUCT,VERSION,SIGNATURE_FILE...
//
// For each check it prints one JSON line: the request line the library sent, the fields of
// the CheckResponse it decoded (by their Go names), and the error Check returned, if any.
package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	checkpoint "github.com/hashicorp/go-checkpoint"
)

// The host check.go sends every check to.
const upstreamHost = "checkpoint-api.hashicorp.com"

type alert struct {
	ID      int
	Date    int
	Message string
	URL     string
	Level   string
}

type decoded struct {
	Product             string
	CurrentVersion      string
	CurrentReleaseDate  int
	CurrentDownloadURL  string
	CurrentChangelogURL string
	ProjectWebsite      string
	Outdated            bool
	Alerts              []alert
}

type result struct {
	Request  string   `json:"request"`
	Decoded  *decoded `json:"decoded"`
	Error    string   `json:"error"`
	Duration string   `json:"duration"`
}

func main() {
	log.SetFlags(0)
	if len(os.Args) < 3 {
		log.Fatal("usage: go-client COLLECTOR_ADDR PRODUCT,VERSION,SIGNATURE_FILE...")
	}
	collector := os.Args[1]

	dir, err := os.MkdirTemp("", "go-client")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cert, err := selfSigned(filepath.Join(dir, "ca.pem"))
	if err != nil {
		log.Fatal(err)
	}
	proxy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	requests := make(chan string, 1)
	go serveProxy(proxy, collector, cert, requests)

	// Both are read once, at the first TLS handshake and the first request.
	os.Setenv("SSL_CERT_FILE", filepath.Join(dir, "ca.pem"))
	os.Setenv("HTTPS_PROXY", "http://"+proxy.Addr().String())
	os.Unsetenv("https_proxy")
	os.Unsetenv("NO_PROXY")
	os.Unsetenv("no_proxy")

	out := json.NewEncoder(os.Stdout)
	for _, spec := range os.Args[2:] {
		parts := strings.SplitN(spec, ",", 3)
		if len(parts) != 3 {
			log.Fatalf("%q is not PRODUCT,VERSION,SIGNATURE_FILE", spec)
		}
		started := time.Now()
		resp, err := checkpoint.Check(&checkpoint.CheckParams{
			Product:       parts[0],
			Version:       parts[1],
			SignatureFile: parts[2],
			Force:         true,
		})
		r := result{Duration: time.Since(started).String()}
		select {
		case r.Request = <-requests:
		case <-time.After(time.Second):
		}
		if err != nil {
			r.Error = err.Error()
		} else {
			r.Decoded = decode(resp)
		}
		if err := out.Encode(r); err != nil {
			log.Fatal(err)
		}
	}
}

func decode(c *checkpoint.CheckResponse) *decoded {
	d := &decoded{
		Product:             c.Product,
		CurrentVersion:      c.CurrentVersion,
		CurrentReleaseDate:  c.CurrentReleaseDate,
		CurrentDownloadURL:  c.CurrentDownloadURL,
		CurrentChangelogURL: c.CurrentChangelogURL,
		ProjectWebsite:      c.ProjectWebsite,
		Outdated:            c.Outdated,
		Alerts:              []alert{},
	}
	for _, a := range c.Alerts {
		d.Alerts = append(d.Alerts, alert{a.ID, a.Date, a.Message, a.URL, a.Level})
	}
	return d
}

// selfSigned makes a key and a self-signed certificate for upstreamHost, and writes the
// certificate to caFile as PEM.
func selfSigned(caFile string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	template := x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: upstreamHost},
		DNSNames:              []string{upstreamHost},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, &template, &template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// serveProxy accepts CONNECT upstreamHost:443, ends TLS, and pipes the plain bytes to the
// collector and back; the request line of each check goes to requests.
func serveProxy(ln net.Listener, collector string, cert tls.Certificate, requests chan<- string) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			if err := tunnel(conn, collector, cert, requests); err != nil {
				log.Printf("proxy: %v", err)
			}
		}()
	}
}

func tunnel(conn net.Conn, collector string, cert tls.Certificate, requests chan<- string) error {
	defer conn.Close()
	connect, err := http.ReadRequest(bufio.NewReader(conn))
	if err != nil {
		return err
	}
	if connect.Method != http.MethodConnect || connect.Host != upstreamHost+":443" {
		fmt.Fprint(conn, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
		return fmt.Errorf("refused %s %s", connect.Method, connect.Host)
	}
	if _, err := fmt.Fprint(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return err
	}
	// No ALPN: the library then speaks HTTP/1.1, as the collector does.
	plain := tls.Server(conn, &tls.Config{Certificates: []tls.Certificate{cert}})
	defer plain.Close()
	if err := plain.Handshake(); err != nil {
		return err
	}
	fromClient := bufio.NewReader(plain)
	line, err := fromClient.ReadString('\n')
	if err != nil {
		return err
	}
	requests <- strings.TrimRight(line, "\r\n")
	upstream, err := net.Dial("tcp", collector)
	if err != nil {
		return err
	}
	defer upstream.Close()
	if _, err := io.WriteString(upstream, line); err != nil {
		return err
	}
	go io.Copy(upstream, fromClient)
	_, err = io.Copy(plain, upstream)
	return err
}
