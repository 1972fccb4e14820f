package io.hookshot.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an attempt span shows of a job's URL: every query value redacted, the server's address and port. */
class SpanUrlTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://example.com/hooks                     | https://example.com/hooks",
                "https://example.com:8443/a/b%20c              | https://example.com:8443/a/b%20c",
                "https://example.com/h?token=s3cret            | https://example.com/h?token=REDACTED",
                "https://example.com/h?a=1&b=&c&=d             | https://example.com/h?a=REDACTED&b=REDACTED&REDACTED&=REDACTED",
                "https://example.com/h?                        | https://example.com/h?",
                "HTTP://[::1]:8080/h?sig=x%3Dy                 | http://[::1]:8080/h?sig=REDACTED"
            })
    void urlFullRedactsEveryQueryValue(String url, String shown) {
        assertThat(SpanUrl.full(URI.create(url))).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://example.com/h      | example.com | 443",
                "http://example.com/h       | example.com | 80",
                "http://127.0.0.1:9000/h    | 127.0.0.1   | 9000",
                "https://[2001:db8::1]/h    | 2001:db8::1 | 443"
            })
    void serverAddressAndPortFollowTheUrl(String url, String address, long port) {
        assertThat(SpanUrl.serverAddress(URI.create(url))).isEqualTo(address);
        assertThat(SpanUrl.serverPort(URI.create(url))).isEqualTo(port);
    }
}
